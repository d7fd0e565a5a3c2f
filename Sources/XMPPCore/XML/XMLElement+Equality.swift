/// Equality is structural and namespace-aware, and sees character data as XML
/// does: adjacent text nodes count as one and empty text nodes as none, so
/// `parse(serialize(x)) == x` holds for every element. Attribute order
/// matters (the parser keeps document order).
extension XMLElement: Hashable {
    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
        guard lhs.name == rhs.name, lhs.namespace == rhs.namespace, lhs.attributes == rhs.attributes else {
            return false
        }
        let left = lhs.normalizedChildren, right = rhs.normalizedChildren
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) {
            switch (a, b) {
            case (.text(let x), .text(let y)) where x == y: continue
            case (.element(let x), .element(let y)) where x == y: continue
            default: return false
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(namespace)
        hasher.combine(attributes)
        for child in normalizedChildren {
            switch child {
            case .text(let text): hasher.combine(0); hasher.combine(text)
            case .element(let element): hasher.combine(1); hasher.combine(element)
            }
        }
    }

    /// Children with adjacent text nodes merged and empty ones removed.
    /// Returns `children` itself (no copy) when it is already in that form.
    public var normalizedChildren: [XMLNode] {
        var previousWasText = false
        var isNormal = true
        for child in children {
            if case .text(let text) = child {
                if previousWasText || text.isEmpty { isNormal = false; break }
                previousWasText = true
            } else {
                previousWasText = false
            }
        }
        if isNormal { return children }
        var result: [XMLNode] = []
        result.reserveCapacity(children.count)
        for child in children {
            switch child {
            case .text(let text) where text.isEmpty:
                continue
            case .text(let text):
                if case .text(let previous)? = result.last {
                    result[result.count - 1] = .text(previous + text)
                } else {
                    result.append(child)
                }
            case .element:
                result.append(child)
            }
        }
        return result
    }
}
