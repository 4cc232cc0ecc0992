// Replaced by the journal implementation.
