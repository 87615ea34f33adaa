// Names in outbox/failed/: a failure never replaces an earlier one. As with results, the same bytes under the same
// name are the same failure (a redo after a crash finds its own copy and reuses it); other bytes get `<name>.1`,
// `<name>.2`, … An error record without its file is an orphan of a crash between writing the record and the file,
// and its name is free.
@preconcurrency import Glibc

enum QuarantineName {
    /// The name for a quarantined file `name` in `failed/`.
    /// - Parameter sameBytes: the bytes that will be stored; when the file at a candidate name holds exactly these,
    ///   that name is returned with `existing = true` (nothing new needs writing). nil: never reuse (a whole file
    ///   is moved, not copied, so a copy of it cannot already be there).
    static func choose(_ name: FileName, in spool: Spool, sameBytes: [UInt8]?) -> (name: FileName, existing: Bool) {
        var target = name
        var attempt = 0
        while let st = spool.lstat(spool.failed, target) {
            if let sameBytes, st.isRegularFile, Int(st.st_size) == sameBytes.count,
                spool.readFile(spool.failed, target, limit: sameBytes.count + 1) == sameBytes
            {
                return (target, true)
            }
            attempt += 1
            target = name.appending(".\(attempt)")
        }
        return (target, false)
    }
}
