/// Moves the `count` elements at `base` (if any) into a new allocation of
/// `capacity` elements and frees the old one: how the parser's hand-managed
/// buffers (`BuilderStack`, `TextBuffer`) grow.
func reallocate<Element>(_ base: UnsafeMutablePointer<Element>?, count: Int, capacity: Int) -> UnsafeMutablePointer<Element> {
    precondition(capacity >= count, "a buffer grows to hold what it has")
    let newBase = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
    if let base {
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
    }
    return newBase
}
