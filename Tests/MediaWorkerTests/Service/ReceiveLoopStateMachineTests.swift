import MediaWorkerService
import Testing

/// The receive loop's rules, one transition per test, without I/O or sleeping.
@Suite("Receive loop state machine")
struct ReceiveLoopStateMachineTests {
    typealias Machine = ReceiveLoopStateMachine<ManualClock.Instant>
    let t0 = ManualClock.Instant(offset: .seconds(100))

    func at(_ seconds: Int) -> ManualClock.Instant { t0.advanced(by: .seconds(seconds)) }

    @Test("starting checks the disk, then receives at most 10 and at most the free slots")
    func startReceives() {
        var machine = Machine(concurrency: 3, drain: false)
        #expect(machine.state == .starting)
        #expect(machine.nextAction(now: t0) == .checkDisk)
        #expect(machine.state == .receiving)
        #expect(machine.diskChecked(hasRoom: true, now: t0).action == .receive(max: 3))
        var wide = Machine(concurrency: 50, drain: false)
        _ = wide.nextAction(now: t0)
        #expect(wide.diskChecked(hasRoom: true, now: t0).action == .receive(max: 10))
    }

    @Test("all slots busy: wait for a job; a finished job frees a slot")
    func slotsFull() {
        var machine = Machine(concurrency: 2, drain: false)
        _ = machine.nextAction(now: t0)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        #expect(machine.received(2, now: t0) == .waitForJob)
        #expect(machine.running == 2)
        #expect(machine.nextAction(now: t0) == .waitForJob)
        machine.jobsFinished(1)
        #expect(machine.nextAction(now: t0) == .checkDisk)
        #expect(machine.diskChecked(hasRoom: true, now: t0).action == .receive(max: 1))
    }

    @Test("a short disk pauses receiving, rechecks after the interval, and says so once each way")
    func diskShort() {
        var machine = Machine(concurrency: 2, drain: false, diskRecheck: .seconds(2))
        _ = machine.nextAction(now: t0)
        let first = machine.diskChecked(hasRoom: false, now: t0)
        #expect(first.action == .sleep(until: at(2)))
        #expect(first.notice == .diskBecameShort)
        #expect(machine.isDiskShort)
        #expect(machine.nextAction(now: at(1)) == .sleep(until: at(2)), "not due yet")
        #expect(machine.timerFired(now: at(2)) == .checkDisk)
        let second = machine.diskChecked(hasRoom: false, now: at(2))
        #expect(second.notice == nil, "still short: no second warning")
        #expect(second.action == .sleep(until: at(4)))
        let recovered = machine.diskChecked(hasRoom: true, now: at(4))
        #expect(recovered.action == .receive(max: 2))
        #expect(recovered.notice == .diskRecovered)
        #expect(!machine.isDiskShort)
    }

    @Test("drain with a short disk and no job running stops: nothing can free it")
    func drainBlockedByDisk() {
        var machine = Machine(concurrency: 2, drain: true)
        _ = machine.nextAction(now: t0)
        #expect(machine.diskChecked(hasRoom: false, now: t0).action == .stop(.drainBlockedByDisk))
        #expect(machine.state == .stopped(.drainBlockedByDisk))
        #expect(machine.nextAction(now: t0) == .stop(.drainBlockedByDisk))
    }

    @Test("drain with a short disk while a job runs waits instead of stopping")
    func drainDiskShortWithJob() {
        var machine = Machine(concurrency: 2, drain: true)
        _ = machine.nextAction(now: t0)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        _ = machine.received(1, now: t0)
        #expect(machine.diskChecked(hasRoom: false, now: t0).action == .sleep(until: at(2)))
    }

    @Test("failed receives back off 2, 4, 8, 16, 30, 30 s; a good receive resets the count")
    func receiveBackoff() {
        var machine = Machine(concurrency: 1, drain: false)
        _ = machine.nextAction(now: t0)
        var now = t0
        for expected in [2, 4, 8, 16, 30, 30] {
            _ = machine.diskChecked(hasRoom: true, now: now)
            let (action, notice) = machine.receiveFailed(now: now)
            #expect(action == .sleep(until: now.advanced(by: .seconds(expected))))
            #expect(notice == .receiveFailed(retryIn: .seconds(expected)))
            now = now.advanced(by: .seconds(expected))
            #expect(machine.timerFired(now: now) == .checkDisk)
        }
        #expect(machine.receiveFailures == 6)
        _ = machine.diskChecked(hasRoom: true, now: now)
        _ = machine.received(0, now: now)
        #expect(machine.receiveFailures == 0)
        _ = machine.diskChecked(hasRoom: true, now: now)
        #expect(machine.receiveFailed(now: now).action == .sleep(until: now.advanced(by: .seconds(2))))
    }

    @Test("drain: two empty receives with no job running ask the queue; empty stops, non-empty goes on")
    func drainCountsQueue() {
        var machine = Machine(concurrency: 2, drain: true)
        _ = machine.nextAction(now: t0)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        #expect(machine.received(0, now: t0) == .checkDisk)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        #expect(machine.received(0, now: t0) == .countQueue)
        #expect(machine.queueCounted(pending: 3, now: t0) == .checkDisk, "messages in flight elsewhere: keep receiving")
        _ = machine.diskChecked(hasRoom: true, now: t0)
        #expect(machine.received(0, now: t0) == .checkDisk, "the count starts again")
        _ = machine.diskChecked(hasRoom: true, now: t0)
        #expect(machine.received(0, now: t0) == .countQueue)
        #expect(machine.queueCounted(pending: 0, now: t0) == .stop(.drained))
        #expect(machine.state == .stopped(.drained))
    }

    @Test("drain: empty receives while a job runs never end the drain")
    func drainWithRunningJob() {
        var machine = Machine(concurrency: 2, drain: true)
        _ = machine.nextAction(now: t0)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        _ = machine.received(1, now: t0)
        for _ in 0..<5 {
            _ = machine.diskChecked(hasRoom: true, now: t0)
            #expect(machine.received(0, now: t0) == .checkDisk)
        }
        machine.jobsFinished(1)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        _ = machine.received(0, now: t0)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        #expect(machine.received(0, now: t0) == .countQueue)
    }

    @Test("without drain, empty receives just receive again")
    func noDrain() {
        var machine = Machine(concurrency: 2, drain: false)
        _ = machine.nextAction(now: t0)
        for _ in 0..<5 {
            _ = machine.diskChecked(hasRoom: true, now: t0)
            #expect(machine.received(0, now: t0) == .checkDisk)
        }
    }

    @Test("shutdown with nothing running stops at once")
    func shutdownIdle() {
        var machine = Machine(concurrency: 2, drain: false)
        _ = machine.nextAction(now: t0)
        machine.shutdownRequested()
        #expect(machine.isStopping)
        #expect(machine.nextAction(now: t0) == .stop(.shutdown))
    }

    @Test("shutdown with jobs running waits for each, takes no message, then stops")
    func shutdownWaitsForJobs() {
        var machine = Machine(concurrency: 3, drain: false)
        _ = machine.nextAction(now: t0)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        _ = machine.received(2, now: t0)
        machine.shutdownRequested()
        #expect(machine.nextAction(now: t0) == .waitForJob)
        #expect(machine.diskChecked(hasRoom: true, now: t0).action == .waitForJob, "no receive once stopping")
        machine.jobsFinished(1)
        #expect(machine.nextAction(now: t0) == .waitForJob)
        machine.jobsFinished(1)
        #expect(machine.nextAction(now: t0) == .stop(.shutdown))
        machine.shutdownRequested()
        #expect(machine.state == .stopped(.shutdown), "a second request changes nothing")
    }

    @Test("shutdown during a pause ends the pause")
    func shutdownDuringPause() {
        var machine = Machine(concurrency: 1, drain: false)
        _ = machine.nextAction(now: t0)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        _ = machine.receiveFailed(now: t0)
        machine.shutdownRequested()
        #expect(machine.nextAction(now: t0) == .stop(.shutdown))
        #expect(machine.receiveFailed(now: t0).action == .stop(.shutdown))
    }

    @Test("messages that arrive with the shutdown still run, and are waited for")
    func messagesDuringShutdown() {
        var machine = Machine(concurrency: 2, drain: false)
        _ = machine.nextAction(now: t0)
        _ = machine.diskChecked(hasRoom: true, now: t0)
        machine.shutdownRequested()
        #expect(machine.received(1, now: t0) == .waitForJob)
        machine.jobsFinished(1)
        #expect(machine.nextAction(now: t0) == .stop(.shutdown))
    }

    @Test("drain's queue count after shutdown does not turn a shutdown into a drain")
    func countAfterShutdown() {
        var machine = Machine(concurrency: 1, drain: true)
        _ = machine.nextAction(now: t0)
        machine.shutdownRequested()
        #expect(machine.queueCounted(pending: 0, now: t0) == .stop(.shutdown))
    }
}
