import XMPPCore

extension C2SServerStream {
    /// XEP-0198 after authentication and before binding: only `<resume/>`
    /// is allowed; `<enable/>` needs a bound resource (§3), anything else
    /// has no session to act on.
    mutating func streamManagementBeforeBinding(_ element: XMLElement) -> [C2SServerAction] {
        let parsed: SMElement?
        do {
            parsed = try SMElement(parsing: element)
        } catch {
            return close(StreamError(.badFormat, text: error.description))
        }
        guard case .resume(let previd, let h) = parsed, let account else {
            return [.send(SMElement.failed(condition: .unexpectedRequest, h: nil).element)]
        }
        stage = .resumePending
        return [.resume(account: account, previd: previd, h: h)]
    }

    /// XEP-0198 once bound: the server's session keeps the counts, so the
    /// element goes to it.
    mutating func streamManagement(_ element: XMLElement) -> [C2SServerAction] {
        do {
            guard let parsed = try SMElement(parsing: element) else { return [] }
            return [.streamManagement(parsed)]
        } catch {
            return close(StreamError(.badFormat, text: error.description))
        }
    }

    /// The server resumed the session of `jid` on this stream; it sent
    /// `<resumed/>` and what was unacknowledged itself.
    public mutating func resumeCompleted(_ jid: JID) -> [C2SServerAction] {
        guard case .resumePending = stage else { return [] }
        stage = .established(jid)
        return [.cancelNegotiationTimeout]
    }

    /// The server could not resume (unknown or expired id, another account):
    /// it answers `<failed/>`, and the client may bind a new resource instead.
    public mutating func resumeFailed(_ failure: ResumeFailure) -> [C2SServerAction] {
        guard case .resumePending = stage else { return [] }
        stage = .binding
        return [.send(failure.element.element)]
    }
}
