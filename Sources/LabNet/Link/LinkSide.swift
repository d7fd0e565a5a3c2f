/// The two ends of a connection across a link, as the link sees them.
public enum LinkSide: Sendable, Hashable, CaseIterable {
    /// The connection a peer opened to the link's entrance.
    case entrance
    /// The connection the link opened onward to its target.
    case target

    public var other: LinkSide {
        switch self {
        case .entrance: .target
        case .target: .entrance
        }
    }
}

/// The two directions bytes take across a connection through a link.
public enum LinkDirection: Sendable, Hashable, CaseIterable {
    /// From the entrance side to the target side.
    case towardTarget
    /// From the target side back to the entrance side.
    case back

    /// The direction of bytes read from `side`.
    public init(from side: LinkSide) {
        self = side == .entrance ? .towardTarget : .back
    }

    /// Where the bytes are read.
    public var source: LinkSide { self == .towardTarget ? .entrance : .target }
    /// Where the bytes are written.
    public var sink: LinkSide { source.other }
}

/// A value for each side of a connection.
struct PerSide<Value> {
    var entrance: Value
    var target: Value

    init(entrance: Value, target: Value) {
        self.entrance = entrance
        self.target = target
    }

    init(repeating value: Value) {
        self.init(entrance: value, target: value)
    }

    subscript(side: LinkSide) -> Value {
        get { side == .entrance ? entrance : target }
        set {
            if side == .entrance { entrance = newValue } else { target = newValue }
        }
    }
}
