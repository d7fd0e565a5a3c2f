import Foundation

extension Date {
    /// Now, truncated to the whole second X.509 times can hold, so a
    /// certificate's validity reads back exactly as it was computed.
    static var wholeSecondNow: Date {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }
}
