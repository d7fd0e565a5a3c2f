import Foundation

/// Pages long output on a terminal, as `git log` does: standard output goes
/// through `$PAGER` (default `less -FRX`, which prints output that fits on
/// one screen and quits). Off when standard output is not a terminal, when
/// `PAGER` is empty or `cat`, or when the pager cannot start.
///
/// Spawned with `posix_spawn` rather than `Process`: the pager must stay in
/// the terminal's foreground process group to read the keyboard.
final class Pager {
    private let pid: pid_t
    private let savedOutput: Int32

    private init(pid: pid_t, savedOutput: Int32) {
        self.pid = pid
        self.savedOutput = savedOutput
    }

    /// Starts the pager and sends standard output to it; nil when paging is off.
    static func start() -> Pager? {
        guard standardOutputIsTerminal else { return nil }
        let command = ProcessInfo.processInfo.environment["PAGER"] ?? "less -FRX"
        guard !command.trimmingCharacters(in: .whitespaces).isEmpty, command != "cat" else { return nil }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, 0)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            return nil
        }
        fflush(nil)
        let saved = dup(1)
        dup2(writeEnd, 1)
        close(writeEnd)
        return Pager(pid: pid, savedOutput: saved)
    }

    /// Ends the output and waits until the reader quits the pager.
    func finish() {
        fflush(nil)
        dup2(savedOutput, 1)
        close(savedOutput)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    }
}
