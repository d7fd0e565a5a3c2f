import Foundation

/// The writer thread's place among the run's threads: its priority, and
/// what it costs.
extension TraceWriter {
    /// Lowers the calling thread's scheduling priority (nice 10): where the
    /// run keeps every core busy, the writer takes the time its threads
    /// leave; it is never starved (a nice thread still gets its share) and
    /// a queue it lets fill holds the run back (backpressure), so nothing
    /// is lost either way. Linux only; elsewhere the writer keeps the
    /// process's priority.
    func yieldToTheRun() {
        #if os(Linux)
        guard let thread = Self.currentThreadID() else { return }
        threadID.store(Int32(bitPattern: thread), ordering: .relaxed)
        // On Linux, PRIO_PROCESS with a thread id sets that thread alone.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, Self.writerNiceness)
        #endif
    }

    /// The writer thread's nice value as the system reports it (nil before
    /// the thread runs, or where threads have none of their own).
    var niceness: Int32? {
        #if os(Linux)
        let thread = threadID.load(ordering: .relaxed)
        guard thread != 0 else { return nil }
        errno = 0
        let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(bitPattern: thread))
        return errno == 0 ? value : nil
        #else
        return nil
        #endif
    }

    #if os(Linux)
    /// The kernel's id of the calling thread (glibc's `gettid()` is not
    /// imported into Swift): the last part of `/proc/thread-self`.
    static func currentThreadID() -> id_t? {
        var link = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &link, link.count - 1)
        guard length > 0 else { return nil }
        let path = String(decoding: link[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.split(separator: "/").last.flatMap { id_t($0) }
    }
    #endif

    static let writerNiceness: Int32 = 10

    /// CPU time of the calling thread.
    static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
