import RunnerCore

extension StrategyLoader {
    /// `sizing.rebalance_band` (above 0%, below 100%) and `sizing.min_order` into `sizing.rebalance`. A model
    /// whose targets never change size on one side (`fixed_quantity`) refuses both: a band would hold nothing,
    /// and a minimum either nothing or every entry.
    mutating func decodeRebalance(
        _ reader: MappingReader, model: SizingModelDescriptor, into sizing: inout SizingConfig
    ) {
        if model.holdsOneSize {
            for key in ["rebalance_band", "min_order"] {
                guard let present = reader.keyNode(key) else { continue }
                decoder.diagnostics.error(
                    at: present.location, code: "unused-key",
                    "'sizing.\(key)' does nothing with sizing model '\(model.name)', whose target on a side is always "
                        + "the same size; remove it")
            }
            return
        }
        if let node = reader.value("rebalance_band"),
            let band = decoder.ratio(node, field: "sizing.rebalance_band", maximumPercent: 100, allowsZero: false)
        {
            if band.value.value < 1 {
                sizing.rebalance.band = band.value
            } else {
                decoder.diagnostics.error(
                    at: node.location, code: "out-of-range",
                    "'sizing.rebalance_band' must be below 100%; a band of \(band.value) would hold every change "
                        + "on one side")
            }
        }
        if let node = reader.value("min_order"), let minimum = decoder.minimumOrder(node, field: "sizing.min_order") {
            sizing.rebalance.minimumOrder = minimum.value
            sizing.minimumOrderLocation = minimum.location
        }
    }
}
