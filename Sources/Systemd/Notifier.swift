// sd_notify over libsystemd. Filled in by issue #3.
import CSystemd

/// Sends state changes to the service manager (no-op when `NOTIFY_SOCKET` is unset).
public enum Notifier {
    /// Returns true when the message was sent.
    @discardableResult
    public static func notify(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }
}
