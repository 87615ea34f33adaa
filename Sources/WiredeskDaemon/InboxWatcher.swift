// inotify on the inbox, delivered by a Dispatch read source on the control queue.
// Linux has no DispatchSource.makeFileSystemObjectSource (it is a kqueue API), so the inotify descriptor itself is
// the read source; docs/ARCHITECTURE.md shows where it sits.
@preconcurrency import Glibc
import Dispatch
import Synchronization

/// What inotify told us about the inbox.
public enum InboxEvent: Sendable, Equatable {
    /// A writer closed the file (`IN_CLOSE_WRITE`).
    case closedAfterWrite(FileName)
    /// The file was renamed or moved into the inbox (`IN_MOVED_TO`): complete by the producer's contract.
    case movedIn(FileName)
    /// A new entry appeared (`IN_CREATE`): a file that is being written, or a FIFO, symlink, directory… that
    /// will never produce a write event.
    case created(FileName)
    /// The kernel's event queue overflowed (`IN_Q_OVERFLOW`): events were lost, rescan.
    case overflow
    /// The watched directory itself was deleted or moved (`IN_DELETE_SELF`, `IN_MOVE_SELF`, `IN_IGNORED`):
    /// the daemon must find its inbox again (`Daemon.checkDirectories`).
    case directoryGone
}

/// Watches one directory. Create, then `start()`; events arrive on `queue`.
public final class InboxWatcher: Sendable {
    /// What changes after `init`. Only `queue` touches it (the source's handler, and `rewatch`/`stop`, which the
    /// daemon calls on that queue), so the lock is never contended; it is what lets the compiler check the class.
    private struct State: ~Copyable {
        var watch: Int32
        var source: DispatchSourceRead?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    }

    private let fd: Int32
    private let queue: DispatchQueue
    private let handler: @Sendable ([InboxEvent]) -> Void
    private let state: Mutex<State>

    /// - Throws: `SpoolError` when inotify cannot be set up (e.g. `fs.inotify.max_user_watches` reached).
    public init(path: String, queue: DispatchQueue, handler: @escaping @Sendable ([InboxEvent]) -> Void)
        throws(SpoolError)
    {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw SpoolError(operation: "inotify_init1", errno: errno) }
        let watch = inotify_add_watch(fd, path, Self.mask)
        guard watch >= 0 else {
            let err = errno
            close(fd)
            throw SpoolError(operation: "inotify_add_watch \(path)", errno: err)
        }
        self.fd = fd
        self.queue = queue
        self.handler = handler
        self.state = Mutex(State(watch: watch))
    }

    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ONLYDIR | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Watches `path` again (the inbox was replaced or came back); the old watch is dropped. Call on `queue`.
    public func rewatch(path: String) throws(SpoolError) {
        dispatchPrecondition(condition: .onQueue(queue))
        let next = inotify_add_watch(fd, path, Self.mask)
        guard next >= 0 else { throw SpoolError(operation: "inotify_add_watch \(path)", errno: errno) }
        state.withLock { state in
            // A moved directory keeps its old watch; a deleted one lost it already (then this fails harmlessly).
            if next != state.watch { inotify_rm_watch(fd, state.watch) }
            state.watch = next
        }
    }

    public func start() {
        // Made inside the lock: the source never leaves the state it belongs to.
        state.withLock { [fd, queue] state in
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler { [unowned self] in self.drain() }
            source.setCancelHandler { close(fd) }
            source.resume()
            state.source = source
        }
    }

    public func stop() {
        state.withLock { state in
            state.source?.cancel()
            state.source = nil
        }
    }

    /// Reads until EAGAIN and hands the parsed events over in one batch (outside the lock).
    private func drain() {
        dispatchPrecondition(condition: .onQueue(queue))
        let events = state.withLock { state in
            var events: [InboxEvent] = []
            while true {
                let n = state.buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    break  // EAGAIN: drained
                }
                if n == 0 { break }
                events.append(contentsOf: Self.parse(state.buffer[..<n]))
            }
            return events
        }
        if !events.isEmpty { handler(events) }
    }

    /// Parses a buffer of `struct inotify_event` records (16-byte header + `len` bytes of NUL-padded name).
    static func parse(_ bytes: ArraySlice<UInt8>) -> [InboxEvent] {
        var events: [InboxEvent] = []
        bytes.withUnsafeBytes { raw in
            var offset = 0
            let header = 16
            while offset + header <= raw.count {
                let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                let len = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                let nameStart = offset + header
                let nameEnd = min(nameStart + len, raw.count)
                var nameBytes = Array(raw[nameStart..<nameEnd])
                if let nul = nameBytes.firstIndex(of: 0) { nameBytes.removeSubrange(nul...) }
                offset = nameStart + len
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    events.append(.overflow)
                    continue
                }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                    events.append(.directoryGone)
                    continue
                }
                guard let name = FileName(bytes: nameBytes) else { continue }
                if mask & UInt32(IN_MOVED_TO) != 0 {
                    events.append(.movedIn(name))
                } else if mask & UInt32(IN_CLOSE_WRITE) != 0 {
                    events.append(.closedAfterWrite(name))
                } else if mask & UInt32(IN_CREATE) != 0 {
                    events.append(.created(name))
                }
            }
        }
        return events
    }
}
