#pragma once
// Threads that come and go with the work: HttpHost's workers for a service that may block.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace ls {

// The threads a blocking service is called on (ServiceCalls::OnWorkers): every call gets a thread
// at once, an idle one or a new one (up to kMaxThreads; beyond that, calls wait their turn), so a
// call that waits (the developer server waiting for the platform) never holds up another. A thread
// idle for kIdleRetire goes away: a burst of calls does not pin threads.
class WorkerThreads {
public:
    static constexpr size_t kMaxThreads = 256;
    static constexpr std::chrono::seconds kIdleRetire{10};

    ~WorkerThreads() { shutdown(); }

    void enqueue(std::function<void()> fn) {
        std::unique_lock<std::mutex> lock(mu_);
        reap(lock);
        jobs_.push_back(std::move(fn));
        if (idle_ >= jobs_.size() || threads_.size() >= kMaxThreads) {
            cv_.notify_one();
            return;
        }
        threads_.emplace_back();
        auto self = std::prev(threads_.end());
        *self = std::thread([this, self] { work(self); });
    }

    // Runs what is queued, then joins every thread.
    void shutdown() {
        std::list<std::thread> all;
        {
            std::lock_guard<std::mutex> lock(mu_);
            stopping_ = true;
            cv_.notify_all();
            all.swap(threads_);
            retired_.clear();
        }
        for (auto& t : all)
            if (t.joinable()) t.join();
    }

private:
    using Slot = std::list<std::thread>::iterator;

    void work(Slot self) {
        std::unique_lock<std::mutex> lock(mu_);
        for (;;) {
            ++idle_;
            cv_.wait_for(lock, kIdleRetire, [&] { return stopping_ || !jobs_.empty(); });
            --idle_;
            if (jobs_.empty()) {
                // Idle too long (the next enqueue() joins this thread), or stopping (shutdown() does).
                if (!stopping_) retired_.push_back(self);
                return;
            }
            auto fn = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            fn();
            lock.lock();
        }
    }

    // Joins the threads that retired (each is past its last use of the lock, or about to be).
    void reap(std::unique_lock<std::mutex>& lock) {
        if (retired_.empty()) return;
        std::list<std::thread> gone;
        for (Slot s : retired_) gone.splice(gone.end(), threads_, s);
        retired_.clear();
        lock.unlock();
        for (auto& t : gone) t.join();
        lock.lock();
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::list<std::thread> threads_;
    std::vector<Slot> retired_;
    size_t idle_ = 0;
    bool stopping_ = false;
};

}  // namespace ls
