import CCurl
import Glibc

/// Marks a socket as registered with epoll (`curl_multi_assign`'s per-socket pointer).
nonisolated(unsafe) private let registeredMarker = UnsafeMutableRawPointer(bitPattern: 1)

/// `CURLMOPT_SOCKETFUNCTION`: libcurl says which events it wants on a socket; mirror it in epoll.
let multiSocketCallback: curl_socket_callback = { _, socket, what, userp, socketp in
    guard let userp else { return -1 }
    let loop = Unmanaged<ProbeLoop>.fromOpaque(userp).takeUnretainedValue()
    loop.watch(socket, what: what, registered: socketp != nil)
    return 0
}

/// `CURLMOPT_TIMERFUNCTION`: libcurl's single timer, kept as a deadline for `epoll_wait`.
let multiTimerCallback: curl_multi_timer_callback = { _, timeoutMillis, userp in
    guard let userp else { return -1 }
    let loop = Unmanaged<ProbeLoop>.fromOpaque(userp).takeUnretainedValue()
    loop.timerDeadline =
        timeoutMillis < 0 ? nil : MonotonicClock.nanoseconds() + Int64(timeoutMillis) * 1_000_000
    return 0
}

extension ProbeLoop {
    /// Adds, changes or removes `socket`'s epoll registration as libcurl asks.
    ///
    /// A socket libcurl stops watching stays registered ("parked") instead of costing an
    /// `EPOLL_CTL_DEL`: on a kept-alive connection libcurl removes it after every transfer and asks
    /// for it again on the next, so parking halves the `epoll_ctl` calls per request. A parked
    /// socket that fires (the server closed the idle connection) is deleted then. Re-watching a
    /// parked number always uses `MOD`, falling back to `ADD`: if libcurl closed the socket meanwhile
    /// (closing drops it from epoll) and the number was reused, `MOD` fails with `ENOENT`.
    func watch(_ socket: curl_socket_t, what: Int32, registered: Bool) {
        if what == CURL_POLL_REMOVE {
            if registered {
                parkedSockets.insert(socket)
                _ = curl_multi_assign(multi, socket, nil)
                socketsWatched -= 1
            }
            return
        }
        var event = epoll_event()
        event.data.fd = socket
        if what & CURL_POLL_IN != 0 { event.events |= EPOLLIN.rawValue }
        if what & CURL_POLL_OUT != 0 { event.events |= EPOLLOUT.rawValue }
        if registered || parkedSockets.remove(socket) != nil {
            if epoll_ctl(epollFD, EPOLL_CTL_MOD, socket, &event) != 0, errno == ENOENT {
                _ = epoll_ctl(epollFD, EPOLL_CTL_ADD, socket, &event)
            }
        } else if epoll_ctl(epollFD, EPOLL_CTL_ADD, socket, &event) != 0, errno == EEXIST {
            _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, socket, &event)
        }
        if !registered {
            _ = curl_multi_assign(multi, socket, registeredMarker)
            socketsWatched += 1
        }
    }

    /// Handles an event on a parked socket: stop watching it. Returns whether it was parked.
    func unparkIfParked(_ socket: Int32) -> Bool {
        guard parkedSockets.remove(socket) != nil else { return false }
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, socket, nil)
        return true
    }
}
