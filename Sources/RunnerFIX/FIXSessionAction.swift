/// What the session asks its owner to do, in order. The owner performs them as listed: a `persist`
/// comes before the `send` that uses the new number, and after the incoming message it accounts for.
public enum FIXSessionAction: Sendable, Hashable {
    /// Write the sequence numbers to the store.
    case persist(FIXSequenceNumbers)
    /// Write the message (complete with header) to the connection.
    case send(FIXMessage)
    /// An application message, in sequence, for the adapter.
    case deliver(FIXMessage)
    /// The counterparty accepted our Logon.
    case loggedOn
    /// Logged on and every gap filled: the stream of messages is complete up to now.
    case synchronized
    /// The counterparty refused the Logon, or the session cannot go on without a person (sequence
    /// numbers too low): reconnecting would not help.
    case refused(reason: String)
    /// Close the connection.
    case disconnect(reason: String)
    /// Something worth a log line that changes nothing (a garbled message, a dropped duplicate).
    case log(String)
}
