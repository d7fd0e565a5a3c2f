/// The SASL mechanisms a topology may name (servers offer them, clients pick one).
enum SASLMechanisms {
    static let known = ["PLAIN", "ANONYMOUS", "SCRAM-SHA-1", "SCRAM-SHA-256", "EXTERNAL"]
    /// Mechanisms that log in without a password.
    static let passwordless: Set<String> = ["ANONYMOUS", "EXTERNAL"]
}
