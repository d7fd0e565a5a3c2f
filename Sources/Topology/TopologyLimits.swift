/// Bounds on what one topology file may ask for, so that a hostile or
/// mistaken file cannot exhaust memory or time while it is read.
public enum TopologyLimits {
    /// Largest file accepted, in bytes of UTF-8 (4 MiB).
    public static let maximumFileBytes = 4 * 1024 * 1024
    /// Most clients after `count:` entries are expanded.
    public static let maximumClients = 100_000
    /// Most YAML nodes the reader visits. Aliases let a small file name the
    /// same list many times over ("billion laughs"); the reader counts every
    /// node it looks at and stops at this many.
    public static let maximumNodeVisits = 4_000_000
    /// Most faults of one kind a `chaos:` step may ask for.
    public static let maximumChaosFaults = 10_000
}
