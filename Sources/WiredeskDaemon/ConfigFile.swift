// Reading the configuration file with plain read(2): works for regular files, /dev/null (an empty config means the
// defaults), pipes and process substitution, and reports the real errno.
@preconcurrency import Glibc
import WiredeskPipeline

enum ConfigFile {
    static func read(_ path: String, limit: Int = 16 << 20) throws(ConfigError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigError("\(path): cannot read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw ConfigError("\(path): cannot read: it is a directory")
        }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ConfigError("\(path): cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return out }
            out.append(contentsOf: buffer[..<n])
            if out.count > limit { throw ConfigError("\(path): cannot read: larger than \(limit >> 20) MiB") }
        }
    }
}
