// Replaced by the accounting implementation.
