import CLibXML2

extension StanzaBuilder {
    /// The stream error condition for a libxml2 error code.
    static func condition(forLibxmlCode code: Int) -> StreamErrorCondition {
        switch xmlParserErrors(rawValue: UInt32(code)) {
        case XML_ERR_UNDECLARED_ENTITY, XML_WAR_UNDECLARED_ENTITY, XML_ERR_ENTITY_LOOP,
             XML_ERR_ENTITY_PE_INTERNAL, XML_ERR_PEREF_IN_PROLOG, XML_ERR_PEREF_IN_EPILOG,
             XML_ERR_PEREF_IN_INT_SUBSET, XML_ERR_ENTITY_IS_EXTERNAL, XML_ERR_ENTITY_IS_PARAMETER,
             XML_ERR_EXT_ENTITY_STANDALONE, XML_ERR_UNPARSED_ENTITY, XML_ERR_DOCTYPE_NOT_FINISHED,
             XML_ERR_PI_NOT_STARTED, XML_ERR_PI_NOT_FINISHED, XML_ERR_COMMENT_NOT_FINISHED:
            return .restrictedXML
        case XML_NS_ERR_UNDEFINED_NAMESPACE, XML_NS_ERR_XML_NAMESPACE:
            return .badNamespacePrefix
        case XML_ERR_UNSUPPORTED_ENCODING, XML_ERR_UNKNOWN_ENCODING:
            return .unsupportedEncoding
        case XML_ERR_NO_MEMORY:
            return .resourceConstraint
        default:
            return .notWellFormed
        }
    }
}
