/// The version of xmpplab, written into recordings and printed by the CLI.
public enum XMPPLabVersion {
    public static let string = "0.1.0-dev"
}
