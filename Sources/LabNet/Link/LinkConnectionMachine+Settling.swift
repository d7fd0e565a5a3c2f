/// How the machine ends a connection and keeps its timers and reads in line
/// with its state after every event.
extension LinkConnectionMachine {
    mutating func tearDown(abortive: Bool) -> [Action] {
        var actions: [Action] = []
        for side in LinkSide.allCases where isOpen[side] {
            actions.append(abortive ? resetAction(side) : .close(side))
            isOpen[side] = false
        }
        pipes.entrance.discard()
        pipes.target.discard()
        enterClosed(abortive: abortive)
        return actions + settle()
    }

    mutating func enterClosed(abortive: Bool) {
        guard !isClosed else { return }
        phase = .closed(abortive: abortive)
        statistics.connectionsOpen -= 1
    }

    mutating func resetAction(_ side: LinkSide) -> Action {
        if !resetCounted {
            resetCounted = true
            statistics.connectionsReset += 1
        }
        return .reset(side)
    }

    /// Ends the connection once both directions are done, then brings the
    /// timers and reading in line with the state.
    mutating func settle() -> [Action] {
        var actions: [Action] = []
        if phase == .relaying, pipes.entrance.isDone, pipes.target.isDone {
            // A clean end needs no action: each side had its FIN and its
            // output shut down, so its channel closes by itself.
            if isAbortive {
                for side in LinkSide.allCases where isOpen[side] {
                    actions.append(resetAction(side))
                    isOpen[side] = false
                }
            }
            enterClosed(abortive: isAbortive)
        }
        for direction in LinkDirection.allCases {
            let source = direction.source
            let wanted = phase == .relaying && status.isUp ? pipes[source].nextDue : nil
            guard wanted != armed[source] else { continue }
            armed[source] = wanted
            actions.append(wanted.map { .scheduleDelivery(direction, at: $0) } ?? .cancelDelivery(direction))
        }
        for side in LinkSide.allCases {
            let wanted = wantsToRead(side)
            guard wanted != isReading[side] else { continue }
            isReading[side] = wanted
            actions.append(wanted ? .startReading(side) : .stopReading(side))
        }
        return actions
    }

    func wantsToRead(_ side: LinkSide) -> Bool {
        guard phase == .relaying, status.isUp, isOpen[side], isOpen[side.other], isWritable[side.other] else {
            return false
        }
        return pipes[side].isOpen && pipes[side].queuedBytes < maxBytesInFlight
    }

    mutating func noteDelay(_ nanoseconds: UInt64) {
        statistics.maxDelay = max(statistics.maxDelay, .nanoseconds(nanoseconds))
    }

    mutating func count(_ bytes: Int, _ direction: LinkDirection) {
        switch direction {
        case .towardTarget:
            statistics.towardTarget.bytes += bytes
            statistics.towardTarget.chunks += 1
        case .back:
            statistics.back.bytes += bytes
            statistics.back.chunks += 1
        }
    }
}
