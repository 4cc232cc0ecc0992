import NIOCore
import NIOPosix
import RunnerBroker
import RunnerCore

/// Connecting, logging on, the timers, drops and reconnection with backoff, and logging out.
extension FIXBrokerAdapter {
    /// How often the session's timers are checked (heartbeats, test requests, logon and logout bounds).
    static let tickInterval = TimeAmount.milliseconds(100)

    /// Connects and logs on, returning once logged on with every gap filled. Throws
    /// ``BrokerError/adapterFailure(_:)`` naming the reason: the host cannot be reached, the logon was
    /// refused (wrong password, unknown CompID), or no reply came within `logonTimeout`.
    public func connect() async throws(BrokerError) {
        let result: Result<Void, BrokerError> = await withCheckedContinuation { continuation in
            let refusal: BrokerError? = state.withLock { state in
                switch state.lifecycle {
                case .idle, .failed: break
                default: return .adapterFailure("connect() called while the adapter is already connected or connecting")
                }
                state.lifecycle = .connecting
                state.refusedReason = nil
                state.logonWaiter = continuation
                return nil
            }
            if let refusal {
                continuation.resume(returning: .failure(refusal))
                return
            }
            openConnection()
        }
        try result.get()
    }

    /// Logs out (waiting at most about two seconds for the answer), closes the connection and stops
    /// reconnecting.
    public func disconnect() async {
        let (channel, waiter): ((any Channel)?, CheckedContinuation<Result<Void, BrokerError>, Never>?) = state.withLock
        {
            state in
            state.reconnectTask?.cancel()
            state.reconnectTask = nil
            switch state.lifecycle {
            case .idle, .failed: return (nil, nil)
            default: break
            }
            state.lifecycle = .stopping
            let waiter = state.logonWaiter
            state.logonWaiter = nil
            _ = state.perform(state.session.logout(now: time.nowMilliseconds), logger: logger)
            if state.channel == nil { state.lifecycle = .idle }
            return (state.channel, waiter)
        }
        waiter?.resume(returning: .failure(.adapterFailure("disconnect() was called before the logon completed")))
        guard let channel else { return }
        let bound = TimeAmount.milliseconds(settings.sessionConfiguration.logoutTimeoutMilliseconds + 500)
        channel.eventLoop.scheduleTask(in: bound) { channel.close(promise: nil) }
        try? await channel.closeFuture.get()
    }

    /// Opens a TCP connection for a new attempt; the Logon goes out once it is up.
    func openConnection() {
        let generation = state.withLock { state in
            state.generation += 1
            state.logonDeadline = time.nowMilliseconds + settings.logonTimeout.milliseconds
            return state.generation
        }
        ClientBootstrap(group: eventLoop)
            .connectTimeout(.milliseconds(settings.logonTimeout.milliseconds))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        FIXChannelHandler(adapter: self, generation: generation))
                }
            }
            .connect(host: settings.host, port: settings.port)
            .whenComplete { [self] result in connectionOpened(result, generation: generation) }
    }

    private func connectionOpened(_ result: Result<any Channel, any Error>, generation: Int) {
        switch result {
        case .success(let channel):
            let effects: [FIXSessionAction]? = state.withLock { state in
                guard state.generation == generation, channel.isActive,
                    state.lifecycle == .connecting || state.isReconnecting
                else { return nil }
                state.channel = channel
                state.closeReason = nil
                state.ticker = channel.eventLoop.scheduleRepeatedTask(
                    initialDelay: Self.tickInterval, delay: Self.tickInterval
                ) { [self] _ in tick(generation: generation) }
                return state.perform(state.session.connected(now: time.nowMilliseconds), logger: logger)
            }
            guard let effects else {
                channel.close(promise: nil)
                if !channel.isActive { attemptFailed(generation: generation, reason: "the connection closed at once") }
                return
            }
            logger.info("FIX connected to \(settings.host):\(settings.port), logging on")
            handle(effects)
        case .failure(let error):
            attemptFailed(
                generation: generation,
                reason: "cannot connect to \(settings.host):\(settings.port): \(error)")
        }
    }

    /// A connection attempt failed before any channel existed.
    private func attemptFailed(generation: Int, reason: String) {
        let (failure, event) = state.withLock { state -> (LogonFailure?, BrokerConnectionEvent?) in
            guard state.generation == generation else { return (nil, nil) }
            return afterConnection(&state, reason: reason)
        }
        logger.warning("FIX \(reason)")
        failure?.waiter.resume(returning: .failure(.adapterFailure(failure?.reason ?? reason)))
        if let event { connectionContinuation.yield(event) }
    }

    /// The channel closed (either side, any reason).
    func connectionClosed(generation: Int) {
        let outcome = state.withLock { state -> (LogonFailure?, BrokerConnectionEvent?, [FIXWaiter], String)? in
            guard state.generation == generation, state.channel != nil else { return nil }
            state.ticker?.cancel()
            state.ticker = nil
            state.channel = nil
            state.session.disconnected()
            state.decoder.reset()
            let reason = state.closeReason ?? "the counterparty closed the connection"
            state.closeReason = nil
            let waiters = Array(state.waiters.values)
            state.waiters = [:]
            let (waiter, event) = afterConnection(&state, reason: reason)
            return (waiter, event, waiters, reason)
        }
        guard let (failure, event, waiters, reason) = outcome else { return }
        logger.warning("FIX connection closed: \(reason)")
        for pending in waiters { pending.continuation.resume(returning: .failure(pending.request.connectionLost)) }
        if let failure { failure.waiter.resume(returning: .failure(.adapterFailure(failure.reason))) }
        if let event { connectionContinuation.yield(event) }
    }

    /// The adapter is about to close the channel for `reason` (so the event names it).
    func closing(generation: Int, reason: String) {
        state.withLock { state in
            if state.generation == generation, state.closeReason == nil { state.closeReason = reason }
        }
    }

    /// What follows a lost connection or a failed attempt: the first `connect()` fails, a refused logon
    /// gives up, anything else tries again after the backoff.
    private func afterConnection(_ state: inout FIXAdapterState, reason: String)
        -> (LogonFailure?, BrokerConnectionEvent?)
    {
        switch state.lifecycle {
        case .connecting:
            state.lifecycle = .idle
            let waiter = state.logonWaiter
            state.logonWaiter = nil
            // The refusal's own words, when the counterparty gave them.
            return (waiter.map { ($0, state.refusedReason ?? reason) }, nil)
        case .stopping, .idle:
            state.lifecycle = .idle
            return (nil, nil)
        case .failed:
            return (nil, nil)
        case .running, .reconnecting:
            if let refused = state.refusedReason {
                state.lifecycle = .failed(reason: refused)
                return (nil, .failed(reason: refused))
            }
            let attempt: Int
            let event: BrokerConnectionEvent?
            if case .reconnecting(let previous) = state.lifecycle {
                attempt = previous + 1
                event = nil
            } else {
                attempt = 0
                event = .lost(reason: reason)
            }
            state.lifecycle = .reconnecting(attempt: attempt)
            let delay = backoff(attempt: attempt)
            state.reconnectTask = eventLoop.scheduleTask(in: .milliseconds(delay)) { [self] in reconnect() }
            return (nil, event)
        }
    }

    /// 0.5 s, 1 s, 2 s, ... up to the maximum (with the default settings, 10 s).
    func backoff(attempt: Int) -> Int64 {
        let initial = settings.reconnectInitialDelay.milliseconds
        let maximum = settings.reconnectMaximumDelay.milliseconds
        let doublings = min(attempt, 30)
        let (delay, overflow) = initial.multipliedReportingOverflow(by: Int64(1) << doublings)
        return overflow ? maximum : min(delay, maximum)
    }

    private func reconnect() {
        let go = state.withLock { state in state.isReconnecting && state.channel == nil }
        if go { openConnection() }
    }

    /// Bytes from the connection: decoded, run through the session, and the results handled.
    func received(_ bytes: [UInt8], generation: Int) {
        let effects = state.withLock { state -> [FIXSessionAction] in
            guard state.generation == generation, state.channel != nil else { return [] }
            state.decoder.append(bytes)
            var effects: [FIXSessionAction] = []
            while let decoded = state.decoder.next() {
                if case .message(let message) = decoded { logger.trace("FIX in: \(message)") }
                effects += state.perform(state.session.received(decoded, now: time.nowMilliseconds), logger: logger)
            }
            return effects
        }
        handle(effects)
    }

    private func tick(generation: Int) {
        let effects = state.withLock { state -> [FIXSessionAction] in
            guard state.generation == generation, state.channel != nil else { return [] }
            let now = time.nowMilliseconds
            if let deadline = state.logonDeadline, now >= deadline, !state.isReady {
                state.logonDeadline = nil
                state.close("not logged on with gaps filled within \(settings.logonTimeout)")
                return []
            }
            return state.perform(state.session.tick(now: now), logger: logger)
        }
        handle(effects)
    }

    /// What the session left for outside the lock: application messages, the end of a logon, log lines.
    func handle(_ effects: [FIXSessionAction]) {
        for effect in effects {
            switch effect {
            case .deliver(let message): routeApplicationMessage(message)
            case .loggedOn: logger.info("FIX logged on as \(settings.senderCompID) to \(settings.targetCompID)")
            case .synchronized: synchronized()
            case .log(let text): logger.notice("FIX \(text)")
            case .persist, .send, .disconnect, .refused: break
            }
        }
    }

    /// Logged on and every gap filled: `connect()` returns, or a reconnection is announced.
    private func synchronized() {
        let (waiter, restored) = state.withLock {
            state -> (CheckedContinuation<Result<Void, BrokerError>, Never>?, Bool) in
            state.logonDeadline = nil
            switch state.lifecycle {
            case .connecting:
                state.lifecycle = .running
                let waiter = state.logonWaiter
                state.logonWaiter = nil
                return (waiter, false)
            case .reconnecting:
                state.lifecycle = .running
                return (nil, true)
            default:
                return (nil, false)
            }
        }
        logger.info("FIX session synchronized (\(sequenceNumbers))")
        waiter?.resume(returning: .success(()))
        if restored { connectionContinuation.yield(.restored) }
    }
}

/// The first `connect()` waiting, and why it fails.
typealias LogonFailure = (waiter: CheckedContinuation<Result<Void, BrokerError>, Never>, reason: String)

extension FIXAdapterState {
    var isReconnecting: Bool {
        if case .reconnecting = lifecycle { return true }
        return false
    }
}
