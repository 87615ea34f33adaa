// sd_notify and the watchdog over libsystemd (no-ops when not started by systemd).
import CSystemd
import Foundation

/// Tells the service manager about the daemon's state: READY, STATUS, RELOADING, STOPPING, WATCHDOG.
public final class ServiceNotifier: Sendable {
    public static let shared = ServiceNotifier()

    /// The watchdog interval systemd expects pings within, or nil when the watchdog is off.
    public let watchdogInterval: Duration?

    public init() {
        var usec: UInt64 = 0
        if sd_watchdog_enabled(0, &usec) > 0, usec > 0 {
            watchdogInterval = .microseconds(Int64(usec))
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `state` (newline-separated `KEY=value` pairs). Returns true when a service manager received it.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }

    /// `READY=1` with a status line: the inbox is watched and the start-up rescan is queued.
    public func ready(status: String) { notify("READY=1\nSTATUS=\(status)") }

    /// Updates the `STATUS=` line that `systemctl status` shows.
    public func status(_ text: String) { notify("STATUS=\(text)") }

    /// `RELOADING=1` with `MONOTONIC_USEC` (systemd 253+ expects it for `Type=notify-reload`).
    public func reloading() {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let usec = UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
        notify("RELOADING=1\nMONOTONIC_USEC=\(usec)")
    }

    public func stopping() { notify("STOPPING=1") }

    /// Pats the watchdog. Call only after observing real progress (or a verified idle inbox).
    public func watchdogPing() { notify("WATCHDOG=1") }
}
