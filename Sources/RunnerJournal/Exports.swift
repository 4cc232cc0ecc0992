// The journal's protocol and entries live in RunnerJournaling, which stages use without SQLite; code
// that opens the SQLite journal sees them through this module too.
@_exported import RunnerJournaling
