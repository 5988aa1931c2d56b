#pragma once
// A mutex that spins briefly on contention before it sleeps (glibc's PTHREAD_MUTEX_ADAPTIVE_NP).
// serve's I/O threads meet on a platform's and the journal's locks for about a microsecond per
// request: shorter than a futex sleep and its wake-up, which cost the sleeper a context switch.
// Lockable, so std::lock_guard and std::unique_lock take it (std::condition_variable does not).
#include <pthread.h>

namespace ls {

class AdaptiveMutex {
public:
    AdaptiveMutex() {
        pthread_mutexattr_t attr;
        pthread_mutexattr_init(&attr);
        pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
        pthread_mutex_init(&m_, &attr);
        pthread_mutexattr_destroy(&attr);
    }
    ~AdaptiveMutex() { pthread_mutex_destroy(&m_); }
    AdaptiveMutex(const AdaptiveMutex&) = delete;
    AdaptiveMutex& operator=(const AdaptiveMutex&) = delete;

    void lock() { pthread_mutex_lock(&m_); }
    bool try_lock() { return pthread_mutex_trylock(&m_) == 0; }
    void unlock() { pthread_mutex_unlock(&m_); }

private:
    pthread_mutex_t m_;
};

}  // namespace ls
