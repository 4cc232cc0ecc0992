import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The socket file's place in the file system: who holds it, clearing a dead run's, and its identity.
enum ControlSocketFile {
    /// How long to wait for the answer that proves a run alive before starting another one.
    static let probeTimeout: Duration = .seconds(1)

    /// Makes the path free for a new server: nothing there, or a dead run's socket (removed; the note
    /// says so). Throws when a live run answers there, or the file is not a socket.
    static func clear(_ path: String) throws(ControlError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let errorNumber = errno
            if errorNumber == ENOENT { return nil }
            throw .system(operation: "inspect", path: path, errorNumber: errorNumber)
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(path: path) }
        switch try UnixSocket.connecting(to: path, timeout: probeTimeout) {
        case .connected(let socket):
            socket.close()
            throw .anotherRunAlive(path: path)
        case .timedOut:
            // Something holds the socket but its queue is full: alive, just busy.
            throw .anotherRunAlive(path: path)
        case .missing:
            return nil
        case .refused:
            guard unlink(path) == 0 || errno == ENOENT else {
                throw .system(operation: "remove the stale socket", path: path, errorNumber: errno)
            }
            return "removed \(path), a control socket left by a run that died"
        case .failed(let errorNumber):
            throw .system(operation: "connect to", path: path, errorNumber: errorNumber)
        }
    }

    /// The device and inode of the file at `path`, so a server removes only the file it made.
    static func identity(of path: String) -> Identity? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Removes the file at `path` when it is still the one with `identity`.
    static func remove(_ path: String, ifStill identity: Identity?) {
        guard let identity, self.identity(of: path) == identity else { return }
        unlink(path)
    }

    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }
}
