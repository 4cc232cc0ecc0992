import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PaperBroker {
    /// Checks that `path` holds nothing or a paper book (its first line is a `paper-book v1` or `v2`
    /// header), so a run neither appends to nor removes a file it did not write.
    public static func checkBookFile(at path: String) throws(PaperBookFileError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else {
                let found = errno == ENOTDIR
                    ? "a path through a file that is not a folder"
                    : "a path that cannot be inspected (\(String(cString: strerror(errno))))"
                throw .notABook(path: path, found: found)
            }
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .notABook(path: path, found: "a folder")
        case S_IFLNK: throw .notABook(path: path, found: "a symbolic link")
        default: throw .notABook(path: path, found: "not a regular file")
        }
        // Empty: created by a run killed before its header, and holding nothing to lose.
        guard info.st_size > 0 else { return }
        let header = Array(PaperBookFile.header.utf8)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .notABook(path: path, found: "a file that cannot be read")
        }
        let start = (try? handle.read(upToCount: header.count)).map(Array.init) ?? []
        try? handle.close()
        guard start == header || start == Array(PaperBookFile.headerV1.utf8) else {
            throw .notABook(path: path, found: "a file without the paper book's header")
        }
    }

    /// Removes the paper book at `path` when ``checkBookFile(at:)`` finds one; throws, touching nothing, otherwise.
    public static func removeOwnBook(at path: String) throws(PaperBookFileError) {
        try checkBookFile(at: path)
        guard unlink(path) == 0 || errno == ENOENT else {
            throw .unwritable(path: path, reason: "it cannot be removed: \(String(cString: strerror(errno)))")
        }
    }
}
