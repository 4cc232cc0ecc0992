import Foundation
import RunnerBroker
import RunnerCore

extension PaperBroker {
    /// The venue the book file at `path` describes, in memory only, for reading: what `runner reconcile`
    /// asks. It opens nothing for writing and never appends, so a run that holds the file open is not
    /// disturbed (a line that run is writing is a torn last line, ignored). Nil when there is no file.
    /// Its clock stands at the venue's last event.
    public static func inspecting(bookAt path: String, settings: PaperBrokerSettings) throws(PaperBookFileError)
        -> PaperBroker?
    {
        guard let lines = try PaperBookFile.read(path: path) else { return nil }
        var book = PaperBook(cash: settings.startingCash.amount, currency: settings.startingCash.currency)
        for line in lines { book.apply(line.event) }
        book.cursor = lines.last?.cursor
        return PaperBroker(
            settings: settings, time: ManualTimeSource(milliseconds: book.cursor?.clock ?? 0),
            book: book, file: nil)
    }
}
