// Reads an input file safely: never follows a symlink, never blocks on a FIFO, checks the size limit
// before reading the content.
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

public enum DocumentReader {
    /// Reads the regular file at `path`.
    /// - Parameters:
    ///   - displayName: the name recorded in `source.name`.
    ///   - maxBytes: files larger than this fail with `too_large` before they are read.
    /// - Throws: `StageFailure` (stage `read`) with code `not_regular_file`, `too_large` or `io_error`.
    public static func read(path: String, displayName: String, maxBytes: Int, receivedAt: Date = Date())
        throws(StageFailure) -> RawDocument
    {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let err = errno
            if err == ELOOP {
                throw StageFailure(
                    stage: "read", code: "not_regular_file",
                    message: "\(displayName) is a symbolic link; links are never followed")
            }
            throw StageFailure(
                stage: "read", code: "io_error", message: "open failed: \(String(cString: strerror(err)))")
        }
        defer { close(fd) }
        return try read(fd: fd, displayName: displayName, maxBytes: maxBytes, receivedAt: receivedAt)
    }

    /// Reads the open file `fd` (which must be a regular file), checking the size limit first.
    public static func read(fd: Int32, displayName: String, maxBytes: Int, receivedAt: Date = Date())
        throws(StageFailure) -> RawDocument
    {
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw StageFailure(
                stage: "read", code: "io_error", message: "fstat failed: \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw StageFailure(
                stage: "read", code: "not_regular_file",
                message: "\(displayName) is not a regular file (\(fileKind(st.st_mode)))")
        }
        let size = Int(st.st_size)
        guard size <= maxBytes else {
            throw StageFailure(
                stage: "normalize", code: "too_large",
                message: "file is \(size) bytes; the limit (normalize.max_bytes) is \(maxBytes)")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { buf in
                Glibc.read(fd, buf.baseAddress! + filled, size - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw StageFailure(
                    stage: "read", code: "io_error", message: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        if filled < size { bytes.removeLast(size - filled) }
        return RawDocument(name: displayName, bytes: bytes, receivedAt: receivedAt)
    }

    /// A readable word for a `st_mode` file type.
    public static func fileKind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "regular file"
        case S_IFDIR: return "directory"
        case S_IFLNK: return "symbolic link"
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "unknown file type"
        }
    }
}
