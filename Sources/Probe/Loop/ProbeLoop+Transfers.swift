import CCurl
import Dispatch

extension ProbeLoop {
    /// Admits, queues or rejects each request handed in since the last iteration.
    func acceptIncoming() {
        guard !incoming.isEmpty else { return }
        for submission in incoming {
            switch admission.offer(
                submission, id: submission.id, origin: submission.request.origin,
                deadline: submission.queueDeadline)
            {
            case .start(let origin): start(submission, origin: origin)
            case .queued: break
            case .rejected:
                completed += 1
                let limit = configuration.maxQueuedRequests
                submission.resume(
                    .failure(
                        ProbeError(
                            .overloaded, message: "admission queue full (\(limit) requests)",
                            transferStarted: false)))
            }
        }
        incoming.removeAll(keepingCapacity: true)
    }

    /// Resumes the callers collected by `finish` in one job on the global pool.
    ///
    /// Resuming a continuation from the loop thread wakes a pool thread for it; done one by one, a
    /// batch of completions costs a wake-up (and, on a busy CPU, a context switch) per caller.
    /// Handing the whole batch to one pool job costs one, and the resumed tasks then start on a
    /// thread that is already running.
    func flushResumes() {
        guard !pendingResumes.isEmpty else { return }
        if pendingResumes.count == 1, let (continuation, outcome) = pendingResumes.first {
            continuation.resume(returning: outcome)
        } else {
            let batch = pendingResumes
            DispatchQueue.global().async {
                for (continuation, outcome) in batch { continuation.resume(returning: outcome) }
            }
        }
        pendingResumes.removeAll(keepingCapacity: true)
    }

    /// Starts queued requests while there is room.
    func admitWaiting() {
        while let (submission, origin) = admission.next() { start(submission, origin: origin) }
    }

    /// Fails the queued requests whose `queueTimeout` has passed (after ``admitWaiting()``, so a
    /// request whose slot freed in this iteration starts instead).
    func expireWaiting() {
        let now = MonotonicClock.nanoseconds()
        for submission in admission.expire(now: now) {
            completed += 1
            let limit = submission.queueTimeout ?? .nanoseconds(now - submission.submittedAt)
            let error = ProbeError(
                .poolWaitTimeout, message: "no free connection within \(limit)", transferStarted: false)
            deliver(submission, .failure(error))
        }
    }

    /// Cancels each probe named since the last iteration, wherever it is; finished ones are ignored.
    func applyCancellations() {
        guard !cancellations.isEmpty else { return }
        for id in cancellations {
            if let submission = admission.remove(id) {
                completed += 1
                submission.resume(
                    .failure(
                        ProbeError(
                            .cancelled, message: "probe cancelled while queued", transferStarted: false)))
            } else if inFlight[id] != nil {
                abandon(id, kind: .cancelled, message: "probe cancelled in flight")
            }
        }
        cancellations.removeAll(keepingCapacity: true)
    }

    /// Hands `submission` to libcurl on a pooled (or new) easy handle.
    private func start(_ submission: Submission, origin: Substring) {
        let now = MonotonicClock.nanoseconds()
        guard let handle = freeHandles.popLast() ?? makeHandle() else {
            fail(
                submission, origin: origin,
                ProbeError(
                    .other(curlCode: Int32(CURLE_OUT_OF_MEMORY.rawValue)),
                    message: "curl_easy_init failed"))
            return
        }
        let code = handle.prepare(
            for: submission.request, share: share, keepaliveExpirySeconds: keepaliveExpirySeconds)
        guard code == CURLE_OK else {
            let message =
                handle.errorMessage.isEmpty ? String(cString: curl_easy_strerror(code)) : handle.errorMessage
            recycle(handle)
            fail(
                submission, origin: origin,
                ProbeError(
                    .other(curlCode: Int32(code.rawValue)), message: message, curlCode: Int32(code.rawValue)))
            return
        }
        handle.submission = submission
        handle.origin = origin
        handle.admittedAt = now
        let added = curl_multi_add_handle(multi, handle.curl)
        guard added == CURLM_OK else {
            handle.detach()
            recycle(handle)
            let message = String(cString: curl_multi_strerror(added))
            fail(submission, origin: origin, ProbeError(.other(curlCode: 0), message: message))
            return
        }
        inFlight[submission.id] = handle
    }

    /// Resumes the callers of every transfer libcurl has finished.
    func collectCompletions() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else {
                continue
            }
            let code = ethotop_msg_result(message)
            var privateData: UnsafeMutableRawPointer?
            _ = ethotop_easy_getinfo_ptr(easy, CURLINFO_PRIVATE, &privateData)
            _ = curl_multi_remove_handle(multi, easy)
            guard let privateData else { continue }
            let handle = Unmanaged<EasyHandle>.fromOpaque(privateData).takeUnretainedValue()
            guard let submission = handle.submission else { continue }
            let outcome = handle.outcome(
                for: code, request: submission.request,
                queuedNanos: handle.admittedAt - submission.submittedAt)
            finish(handle, submission: submission, outcome: outcome)
        }
    }

    /// Detaches in-flight probe `id` from libcurl at once (closing its connection) and fails it.
    func abandon(_ id: UInt64, kind: ProbeError.Kind, message: String) {
        guard let handle = inFlight[id], let submission = handle.submission else { return }
        _ = curl_multi_remove_handle(multi, handle.curl)
        let outcome = handle.abandonedOutcome(
            kind, message: message, queuedNanos: handle.admittedAt - submission.submittedAt,
            now: MonotonicClock.nanoseconds())
        finish(handle, submission: submission, outcome: outcome)
    }

    private func finish(_ handle: EasyHandle, submission: Submission, outcome: Submission.Outcome) {
        inFlight[submission.id] = nil
        admission.finished(origin: handle.origin)
        handle.detach()
        recycle(handle)
        completed += 1
        deliver(submission, outcome)
    }

    /// Resumes the caller now if it runs on the loop thread, else with the batch `flushResumes`
    /// hands to the pool.
    private func deliver(_ submission: Submission, _ outcome: Submission.Outcome) {
        if submission.fromLoopThread {
            submission.resume(outcome)
        } else {
            pendingResumes.append((submission.continuation, outcome))
        }
    }

    private func fail(_ submission: Submission, origin: Substring, _ error: ProbeError) {
        admission.finished(origin: origin)
        completed += 1
        submission.resume(.failure(error))
    }

    private func makeHandle() -> EasyHandle? {
        guard let handle = EasyHandle() else { return nil }
        handlesLive += 1
        return handle
    }

    /// Returns `handle` to the free list, or frees it when the list is full.
    private func recycle(_ handle: EasyHandle) {
        if freeHandles.count < configuration.maxPooledHandles {
            freeHandles.append(handle)
        } else {
            handlesLive -= 1
        }
    }
}
