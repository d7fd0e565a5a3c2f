#if canImport(Glibc)
import Glibc
#endif

/// Monotonic wall-clock timing for benchmarks (never used by the lab itself,
/// which takes time from its event loop).
enum Stopwatch {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Runs `body` `repetitions` times and returns the fastest run in seconds.
    static func best(of repetitions: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repetitions {
            let start = now()
            body()
            best = min(best, now() - start)
        }
        return best
    }
}

func format(_ value: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return String(rounded)
}
