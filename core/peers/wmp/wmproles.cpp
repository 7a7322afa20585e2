// 14/WMP defines commands and a dialog but no encoding; these roles speak
// ZmqScope's WMP encoding 1 (docs/WMP.md), the one the dissector reads:
//   WMP01 | READY [| capacity]                    worker -> manager
//   WMP01 | WAKE  | job                           manager -> worker
//   WMP01 | GIVE  | job                           worker -> manager
//   WMP01 | TAKE  | job | manager identity | payload...
//   WMP01 | NO    | job
//   WMP01 | DONE  | job | result...
// The manager binds a ROUTER; a worker connects one DEALER to each manager
// (a DEALER on several would deal READY round robin), so neither side adds
// a frame on the wire.
//
// What 14/WMP leaves to the application, these roles decide as the
// independent peers in tests/peers/wmp_roles.py do. The manager offers its
// jobs one at a time, ids job-1, job-2 ... in order: WAKE to every
// remembered worker with room by its own count (capacity, less the jobs it
// TOOK and has not finished, less WAKEs for other jobs it has not
// answered), TAKE to the first GIVE, NO to every later one, then the next
// job at once (taken jobs run side by side). Nobody GIVEs within
// --wake-timeout-ms (a worker that was busy, with another manager's job
// perhaps): WAKE again. A READY from a worker it remembers does not
// register it twice (docs/WMP.md), but a capacity it carries replaces the
// old one. A worker reserves a slot per WAKE while it has room
// (a busy worker ignores WAKE), frees it on NO or when neither TAKE nor NO
// came in --reserve-timeout-ms, and sends READY again after each DONE, and
// right after a TAKE when it still has room (14/WMP's advice for
// concurrent jobs).
// 14/WMP step 6 says "receives GIVE"; it means TAKE (docs/WMP.md).
#include "wmproles.h"

#include "codec/eventdump.h"

#include <zmq.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <set>

namespace zmqscope::peers {

namespace {

using Clock = PeerLoop::Clock;

// --- Encoding 1 ----------------------------------------------------------------------

const std::string kMarker = "WMP01";
enum class Wmp : std::uint8_t { Ready, Wake, Give, Take, No, Done };
constexpr std::string_view kCommands[] = {"READY", "WAKE", "GIVE", "TAKE", "NO", "DONE"};
constexpr std::size_t kMinFrames[] = {2, 3, 3, 5, 3, 4};    // docs/WMP.md, with the marker and the name
constexpr std::size_t kMaxFrames[] = {3, 3, 3, 0, 3, 0};    // (0: payload or result, any number)

std::string commandName(Wmp c)
{
    return std::string(kCommands[std::size_t(c)]);
}

// The frames of a message, from `first` on, as encoding 1: its command, or
// nullopt and why in `problem`. Frames past the ones listed are allowed
// (docs/WMP.md: ignored); `extra` says how many.
std::optional<Wmp> readMessage(const Frames &f, std::size_t first, std::string *problem, std::size_t *extra)
{
    const std::size_t n = f.size() > first ? f.size() - first : 0;
    if (n == 0 || f[first] != kMarker) {
        *problem = "not WMP encoding 1 (frame 0 is " + (n ? printableBytes(f[first], 20) : std::string("missing")) + ", not WMP01)";
        return std::nullopt;
    }
    if (n < 2) {
        *problem = "WMP01 without a command frame";
        return std::nullopt;
    }
    for (std::size_t i = 0; i < std::size(kCommands); ++i) {
        if (f[first + 1] != kCommands[i])
            continue;
        if (n < kMinFrames[i]) {
            *problem = std::string(kCommands[i]) + " with " + std::to_string(n) + " frames, which needs " + std::to_string(kMinFrames[i]);
            return std::nullopt;
        }
        *extra = kMaxFrames[i] && n > kMaxFrames[i] ? n - kMaxFrames[i] : 0;
        return Wmp(i);
    }
    *problem = "the command " + printableBytes(f[first + 1], 20) + " is not one of encoding 1's six";
    return std::nullopt;
}

// READY's capacity: 1 to 9 decimal digits.
std::optional<std::uint32_t> readCapacity(std::string_view s)
{
    if (s.empty() || s.size() > 9)
        return std::nullopt;
    std::uint32_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + std::uint32_t(c - '0');
    }
    return v;
}

Frames message(Wmp command, std::initializer_list<std::string> args, const Frames &tail = {})
{
    Frames f;
    f.reserve(2 + args.size() + tail.size());
    f.push_back(kMarker);
    f.push_back(commandName(command));
    f.insert(f.end(), args.begin(), args.end());
    f.insert(f.end(), tail.begin(), tail.end());
    return f;
}

// --- Manager -------------------------------------------------------------------------

// A worker's routing id as text when it is printable (--identity), else in
// hex (libzmq's generated ids: 00 and four octets).
std::string who(const std::string &id)
{
    const bool printable = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
    return printable ? id : "0x" + codec::hexBytes({reinterpret_cast<const std::uint8_t *>(id.data()), id.size()}, 16);
}

constexpr std::size_t kMaxWorkers = 4096;   // remembered at once; a READY past that is ignored

enum class ManagerState : std::uint32_t {
    Starting,
    Idle,               // no jobs to hand out: only remembers workers
    WaitingForWorker,   // a job to offer, no worker with room
    Waking,             // the job on offer has been WAKEd, no TAKE yet
    WaitingForDone,     // every job handed out, some not DONE
    Done,
    GaveUp,
};
constexpr std::string_view kManagerStates[] = {"Starting", "Idle", "WaitingForWorker", "Waking", "WaitingForDone", "Done", "GaveUp"};
constexpr OptionSpec kManagerOptions[] = {
    {"bind", OptionKind::Bind, "tcp://*:5555", "where workers connect (docs/WMP.md: the manager binds a ROUTER)"},
    {"identity", OptionKind::Text, "manager-1", "the manager's routing id and the identity TAKE carries (docs/WMP.md's example: manager-1; empty: libzmq's id, an empty identity frame)"},
    {"job", OptionKind::Data, "", "a job with this payload; repeat for more (text, 0x-hex or @file); ids are job-1, job-2 ... in order", {}, 0, 0, true},
    {"jobs", OptionKind::Integer, "0", "this many more jobs after the --job ones, with payloads work 1 ... work N", {}, 0, 1000000},
    {"wake-timeout-ms", OptionKind::Integer, "2000", "WAKE the workers with room again when nobody has answered with GIVE in this time (14/WMP leaves reliability to the application; 0: never)", {}, 0, 3600000},
    {"job-timeout-ms", OptionKind::Integer, "0", "offer a job again, and forget its worker, when its DONE has not come this long after the TAKE (0: wait for ever)", {}, 0, 86400000},
    {"timeout-ms", OptionKind::Integer, "0", "give up when the jobs are not all done in this time (0: wait for ever)", {}, 0, 86400000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class WmpManager final : public Peer {
public:
    using Peer::Peer;

private:
    struct Job {
        std::string id, payload;
        std::set<std::string> wokenTo;   // workers it was offered to
        std::string taker;               // the worker that TOOK it, while it works on it
        bool taken = false, done = false;
        std::uint64_t takes = 0;         // (a job timeout knows whether it is still the same TAKE)
    };
    struct Worker {
        std::uint32_t capacity = 1;
        std::set<std::string> taken;        // jobs TAKEn and not DONE
        std::set<std::string> unanswered;   // jobs it was woken for and has not GIVEn
    };

    bool open(std::string *error) override
    {
        auto jobs = m_options.dataList("job", error);
        if (!jobs)
            return false;
        for (std::string &payload : *jobs)
            addJob(std::move(payload));
        for (std::int64_t n = 1; n <= m_options.integer("jobs"); ++n)
            addJob("work " + std::to_string(n));
        m_identity = m_options.text("identity");
        m_socket = openSocket(ZMQ_ROUTER, error);
        if (!m_socket || !monitor(*m_socket, error))
            return false;
        // (a send to a worker that has gone fails, and the worker is forgotten)
        if (!m_socket->setInt(ZMQ_ROUTER_MANDATORY, 1) || (!m_identity.empty() && !m_socket->setBytes(ZMQ_ROUTING_ID, m_identity))) {
            *error = "cannot set up the ROUTER (--identity is 1 to 255 octets): " + zmqError();
            return false;
        }
        if (!bindSocket(*m_socket, m_options.text("bind"), error))
            return false;
        watch(*m_socket, [this] { readable(); });
        log("manager " + printableBytes(m_identity) + " on " + m_options.text("bind") + " with " + std::to_string(m_jobs.size())
            + " job(s)" + (m_jobs.empty() ? ": give --job or --jobs to hand some out" : ""));
        if (const std::int64_t limit = m_options.integer("timeout-ms"); limit > 0 && !m_jobs.empty())
            after(limit, [this] {
                giveUp(std::to_string(m_done) + " of " + std::to_string(m_jobs.size()) + " job(s) done after " + m_options.text("timeout-ms") + " ms");
            });
        updateState();
        return true;
    }

    void addJob(std::string payload)
    {
        Job j;
        j.id = "job-" + std::to_string(m_jobs.size() + 1);
        j.payload = std::move(payload);
        m_index.emplace(j.id, m_jobs.size());
        m_queue.push_back(m_jobs.size());
        m_jobs.push_back(std::move(j));
    }

    void close() override
    {
        m_socket = nullptr;
        m_jobs.clear();
        m_index.clear();
        m_queue.clear();
        m_current.reset();
        m_workers.clear();
        m_forgotten.clear();
        m_done = 0;
        m_wakeTimer = 0;
    }

    void giveUp(const std::string &why)
    {
        if (finished())
            return;
        fail(why + ": gave up");
        setState(ManagerState::GaveUp);
        finish(2);
    }

    bool send(const std::string &wid, Frames f)
    {
        if (!m_socket)
            return false;
        const std::string what = f.size() > 1 ? f[1] : std::string();
        // (built front to back: GCC 12 warns falsely about inserting at the front of a small vector)
        Frames routed;
        routed.reserve(f.size() + 1);
        routed.push_back(wid);
        routed.insert(routed.end(), std::make_move_iterator(f.begin()), std::make_move_iterator(f.end()));
        if (m_socket->send(routed)) {
            countSent();
            return true;
        }
        log("cannot send " + what + " to worker " + who(wid) + ": it has gone", LogLevel::Warning);
        forget(wid);
        return false;
    }

    // A worker that has gone or did not finish in time: its jobs go back to
    // the front of the queue.
    void forget(const std::string &wid)
    {
        const auto it = m_workers.find(wid);
        if (it == m_workers.end())
            return;
        for (const std::string &id : it->second.taken) {
            Job &job = m_jobs[m_index.at(id)];
            job.taken = false;
            job.taker.clear();
            job.wokenTo.clear();   // (offered afresh: the workers that got NO may take it now)
            m_forgotten[id] = wid;
            if (!m_current)
                m_current = m_index.at(id);
            else
                m_queue.push_front(m_index.at(id));
            log(job.id + " goes back to the queue", LogLevel::Warning);
        }
        m_workers.erase(it);
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            onMessage(f);
            if (finished())
                return;
        }
    }

    void onMessage(const Frames &f)
    {
        const std::string &wid = f[0];
        std::string problem;
        std::size_t extra = 0;
        const auto command = readMessage(f, 1, &problem, &extra);
        if (!command) {
            log("dropped a message from worker " + who(wid) + ": " + problem, LogLevel::Warning);
            return;
        }
        if (*command == Wmp::Wake || *command == Wmp::Take || *command == Wmp::No) {
            log("dropped " + commandName(*command) + " from worker " + who(wid) + ": only managers send it", LogLevel::Warning);
            return;
        }
        if (extra)
            log(commandName(*command) + " from " + who(wid) + " has " + std::to_string(extra) + " frame(s) past encoding 1's: ignored",
                LogLevel::Warning);
        if (*command == Wmp::Ready)
            onReady(wid, f.size() > 3 ? std::optional<std::string>(f[3]) : std::nullopt);
        else if (*command == Wmp::Give)
            onGive(wid, f[3]);
        else
            onDone(wid, f[3], Frames(f.begin() + 4, f.end()));
        if (!finished())
            updateState();
    }

    void onReady(const std::string &wid, const std::optional<std::string> &capacityFrame)
    {
        std::optional<std::uint32_t> capacity;
        if (capacityFrame) {
            capacity = readCapacity(*capacityFrame);
            if (!capacity)
                log("READY from " + who(wid) + " with the capacity " + printableBytes(*capacityFrame, 20)
                        + ", which is not 1 to 9 decimal digits: taken as none",
                    LogLevel::Warning);
        }
        const auto it = m_workers.find(wid);
        if (it == m_workers.end()) {
            if (m_workers.size() >= kMaxWorkers) {
                log("READY from " + who(wid) + " ignored: " + std::to_string(kMaxWorkers) + " workers remembered already",
                    LogLevel::Warning);
                return;
            }
            Worker &w = m_workers[wid];
            w.capacity = capacity.value_or(1);
            log("worker " + who(wid) + " is ready, capacity " + std::to_string(w.capacity) + (capacity ? "" : " (none given)"));
        } else {
            // docs/WMP.md: ignored while remembered; its capacity, if any, is news.
            if (capacity)
                it->second.capacity = *capacity;
            // (It says it has room. A WAKE it left unanswered because it was
            // busy is sent again by the wake timer, not here: this READY may
            // have crossed that WAKE, whose GIVE is on its way.)
            it->second.unanswered.clear();
            log("READY again from " + who(wid) + (capacity ? ", capacity " + std::to_string(*capacity) : std::string()));
        }
        offer(false);
    }

    void onGive(const std::string &wid, const std::string &jobId)
    {
        const auto index = m_index.find(jobId);
        if (index == m_index.end() || !m_jobs[index->second].wokenTo.contains(wid)) {
            log("GIVE " + printableBytes(jobId) + " from " + who(wid) + ", which was never woken for it: NO", LogLevel::Warning);
            send(wid, message(Wmp::No, {jobId}));
            return;
        }
        Job &job = m_jobs[index->second];
        const auto w = m_workers.find(wid);
        if (w != m_workers.end())
            w->second.unanswered.erase(jobId);
        const bool current = m_current == index->second;
        if (current && !job.taken && !job.done && w != m_workers.end() && w->second.taken.size() < w->second.capacity) {
            if (!send(wid, message(Wmp::Take, {job.id, m_identity, job.payload})))
                return offer(false);
            job.taken = true;
            job.taker = wid;
            const std::uint64_t take = ++job.takes;
            m_workers.at(wid).taken.insert(job.id);
            log("TAKE " + job.id + " to " + who(wid) + ": " + printableBytes(job.payload));
            m_current.reset();
            cancel(m_wakeTimer);
            if (const std::int64_t limit = m_options.integer("job-timeout-ms"); limit > 0)
                after(limit, [this, i = index->second, take] { jobTimedOut(i, take); });
            offer(false);
            return;
        }
        log("GIVE " + job.id + " from " + who(wid) + ": NO ("
            + (job.done ? "it is done" : job.taken ? "another worker took it" : w == m_workers.end() ? "the worker is forgotten" : current ? "the worker has no room" : "it is not on offer")
            + ")");
        if (send(wid, message(Wmp::No, {job.id})))
            offer(false);
    }

    void onDone(const std::string &wid, const std::string &jobId, const Frames &result)
    {
        const auto w = m_workers.find(wid);
        const auto index = m_index.find(jobId);
        if (w == m_workers.end() || index == m_index.end() || !w->second.taken.contains(jobId)) {
            const auto forgotten = m_forgotten.find(jobId);
            if (forgotten != m_forgotten.end() && forgotten->second == wid)
                log("DONE " + printableBytes(jobId) + " from " + who(wid) + " comes late (the job went back to the queue): " + framesText(result),
                    LogLevel::Warning);
            else
                log("dropped DONE " + printableBytes(jobId) + " from " + who(wid) + ", which did not take it", LogLevel::Warning);
            return;
        }
        w->second.taken.erase(jobId);
        Job &job = m_jobs[index->second];
        job.taken = false;
        job.done = true;
        job.taker.clear();
        ++m_done;
        log("DONE " + job.id + " from " + who(wid) + ": " + framesText(result) + " (" + std::to_string(m_done) + " of "
            + std::to_string(m_jobs.size()) + ")");
        if (m_done == m_jobs.size()) {
            setState(ManagerState::Done);
            log("all " + std::to_string(m_done) + " job(s) done");
            finish(0);
            return;
        }
        offer(false);
    }

    void jobTimedOut(std::size_t i, std::uint64_t take)
    {
        Job &job = m_jobs[i];
        if (!job.taken || job.takes != take || finished())
            return;
        const std::string wid = job.taker;
        log(job.id + ": no DONE from " + who(wid) + " in " + m_options.text("job-timeout-ms") + " ms: the worker is forgotten",
            LogLevel::Warning);
        forget(wid);
        offer(false);
        updateState();
    }

    // WAKE the job on offer (the next one if none) towards the workers with
    // room not woken for it yet, or all with room (`again`).
    void offer(bool again)
    {
        if (finished())
            return;
        if (!m_current) {
            while (!m_queue.empty() && (m_jobs[m_queue.front()].done || m_jobs[m_queue.front()].taken))
                m_queue.pop_front();
            if (m_queue.empty())
                return;
            m_current = m_queue.front();
            m_queue.pop_front();
        }
        Job &job = m_jobs[*m_current];
        std::vector<std::string> targets;
        for (const auto &[wid, w] : m_workers) {
            const std::size_t pending = again ? 0 : w.unanswered.size() - (w.unanswered.contains(job.id) ? 1 : 0);
            if (w.taken.size() + pending < w.capacity && (again || !job.wokenTo.contains(wid)))
                targets.push_back(wid);
        }
        if (targets.empty())
            return;
        std::size_t woken = 0;
        const std::string id = job.id;
        for (const std::string &wid : targets) {
            if (!send(wid, message(Wmp::Wake, {id})))
                continue;   // (forgotten)
            m_jobs[m_index.at(id)].wokenTo.insert(wid);
            m_workers.at(wid).unanswered.insert(id);
            ++woken;
        }
        if (!woken)
            return;
        log(std::string(again ? "WAKE again " : "WAKE ") + id + " to " + std::to_string(woken) + " worker(s)");
        cancel(m_wakeTimer);
        if (const std::int64_t limit = m_options.integer("wake-timeout-ms"); limit > 0)
            m_wakeTimer = after(limit, [this] {
                m_wakeTimer = 0;
                if (m_current) {
                    log("nobody answered WAKE " + m_jobs[*m_current].id + " in " + m_options.text("wake-timeout-ms") + " ms", LogLevel::Warning);
                    offer(true);
                    updateState();
                }
            });
    }

    void updateState()
    {
        if (finished())
            return;
        if (m_jobs.empty()) {
            setState(ManagerState::Idle);
        } else if (m_current) {
            const Job &job = m_jobs[*m_current];
            const bool woken = std::any_of(job.wokenTo.begin(), job.wokenTo.end(), [&](const std::string &w) { return m_workers.contains(w); });
            setState(woken ? ManagerState::Waking : ManagerState::WaitingForWorker);
        } else {
            const bool queued = std::any_of(m_queue.begin(), m_queue.end(), [&](std::size_t i) { return !m_jobs[i].done && !m_jobs[i].taken; });
            setState(queued ? ManagerState::WaitingForWorker : ManagerState::WaitingForDone);
        }
    }

    ZSocket *m_socket = nullptr;
    std::string m_identity;
    std::vector<Job> m_jobs;                       // every job, in order
    std::map<std::string, std::size_t> m_index;    // job id -> m_jobs index
    std::deque<std::size_t> m_queue;               // jobs still to offer
    std::optional<std::size_t> m_current;          // the job on offer
    std::map<std::string, Worker> m_workers;       // remembered, by routing id
    std::map<std::string, std::string> m_forgotten;   // job -> the worker it was taken from (a DONE from it is late)
    std::size_t m_done = 0;
    PeerLoop::TimerId m_wakeTimer = 0;
};

// --- Worker --------------------------------------------------------------------------

enum class WorkerState : std::uint32_t {
    Connecting,
    Ready,      // READY sent, nothing reserved or taken
    Reserved,   // a slot reserved (GIVE sent or due), none working
    Working,
    Dead,
    Done,
};
constexpr std::string_view kWorkerStates[] = {"Connecting", "Ready", "Reserved", "Working", "Dead", "Done"};
constexpr std::string_view kResults[] = {"done", "echo", "upper", "fixed"};
constexpr OptionSpec kWorkerOptions[] = {
    {"connect", OptionKind::Connect, "", "a manager; repeat for more (one DEALER each, docs/WMP.md)", {}, 0, 0, true, true},
    {"identity", OptionKind::Text, "", "this worker's routing id (default: libzmq's)"},
    {"capacity", OptionKind::Integer, "1", "jobs it does at once, the capacity READY carries", {}, 1, 999999999},
    {"no-capacity", OptionKind::Flag, "", "send READY without its capacity frame"},
    {"give-delay-ms", OptionKind::Integer, "0", "wait this long before answering a WAKE with GIVE", {}, 0, 3600000},
    {"delay-ms", OptionKind::Integer, "0", "work on each job this long before DONE", {}, 0, 3600000},
    {"result", OptionKind::Choice, "done", "DONE's result: done (payload work N becomes done N, any other gets done in front), echo, upper (upper-cased) or fixed (--result-data)", kResults},
    {"result-data", OptionKind::Data, "OK", "the fixed result (text, 0x-hex or @file)"},
    {"reserve-timeout-ms", OptionKind::Integer, "5000", "free a slot reserved by a GIVE when neither TAKE nor NO came in this time (14/WMP: reservations time out)", {}, 1, 3600000},
    {"ready-retry-ms", OptionKind::Integer, "0", "send READY again this often while idle, in case a manager forgot this worker (14/WMP: READY may be retried; 0: never)", {}, 0, 3600000},
    {"count", OptionKind::Integer, "0", "do this many jobs, then stop (0: for ever)", {}, 0, INT32_MAX},
    {"die-after", OptionKind::Integer, "0", "on this TAKE, vanish without a DONE (a crash; 0: never)", {}, 0, INT32_MAX},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class WmpWorker final : public Peer {
public:
    using Peer::Peer;

private:
    struct Manager {
        ZSocket *socket = nullptr;
        std::string endpoint;
        int handshakes = 0;
    };
    using Key = std::pair<std::size_t, std::string>;   // a manager and its job id

    bool open(std::string *error) override
    {
        const auto fixed = dataBytes(m_options.text("result-data"), error);
        if (!fixed)
            return false;
        m_fixed = *fixed;
        const std::string identity = m_options.text("identity");
        for (const std::string &ep : m_options.list("connect")) {
            ZSocket *s = openSocket(ZMQ_DEALER, error);
            if (!s || !monitor(*s, error))
                return false;
            if (!identity.empty() && !s->setBytes(ZMQ_ROUTING_ID, identity)) {
                *error = "cannot use the identity " + printableBytes(identity) + " (1 to 255 octets): " + zmqError();
                return false;
            }
            if (!connectSocket(*s, ep, error))
                return false;
            const std::size_t i = m_managers.size();
            m_managers.push_back({s, ep, 0});
            watch(*s, [this, i] { readable(i); });
        }
        setState(WorkerState::Connecting);
        for (std::size_t i = 0; i < m_managers.size(); ++i)
            ready(i);
        if (const std::int64_t retry = m_options.integer("ready-retry-ms"); retry > 0)
            after(retry, [this] { retryReady(); });
        return true;
    }

    void close() override
    {
        m_managers.clear();
        m_reserved.clear();
        m_working.clear();
        m_serial = m_takes = m_done = 0;
    }

    std::int64_t used() const { return std::int64_t(m_reserved.size() + m_working.size()); }
    std::int64_t room() const { return m_options.integer("capacity") - used(); }
    std::string from(std::size_t i) const { return m_managers.size() > 1 ? " (manager " + m_managers[i].endpoint + ")" : std::string(); }

    bool send(std::size_t i, const Frames &f)
    {
        if (i >= m_managers.size() || !m_managers[i].socket || !m_managers[i].socket->send(f)) {
            log("cannot send " + (f.size() > 1 ? f[1] : std::string()) + " to " + (i < m_managers.size() ? m_managers[i].endpoint : std::string("?")),
                LogLevel::Warning);
            return false;
        }
        countSent();
        return true;
    }

    void ready(std::size_t i)
    {
        const bool withCapacity = !m_options.flag("no-capacity");
        const std::string capacity = std::to_string(m_options.integer("capacity"));   // (1 to 9 digits: the option's range)
        if (send(i, withCapacity ? message(Wmp::Ready, {capacity}) : message(Wmp::Ready, {})))
            log("READY" + (withCapacity ? " " + capacity : std::string()) + " to " + m_managers[i].endpoint);
    }

    void retryReady()
    {
        if (finished() || stateValue() == std::uint32_t(WorkerState::Dead))
            return;
        if (used() == 0)
            for (std::size_t i = 0; i < m_managers.size(); ++i)
                ready(i);
        after(m_options.integer("ready-retry-ms"), [this] { retryReady(); });
    }

    void onSocketEvent(ZSocket &s, int event, int, const std::string &) override
    {
        if (event != ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            return;
        for (std::size_t i = 0; i < m_managers.size(); ++i) {
            if (m_managers[i].socket != &s)
                continue;
            // Connected again (the manager may have restarted and forgotten
            // this worker): READY again when there is room.
            if (++m_managers[i].handshakes > 1 && room() > 0)
                ready(i);
        }
        updateState();
    }

    void readable(std::size_t i)
    {
        Frames f;
        while (i < m_managers.size() && m_managers[i].socket && m_managers[i].socket->recv(f)) {
            countReceived();
            onMessage(i, f);
            if (finished() || stateValue() == std::uint32_t(WorkerState::Dead))
                return;
        }
    }

    void onMessage(std::size_t i, const Frames &f)
    {
        std::string problem;
        std::size_t extra = 0;
        const auto command = readMessage(f, 0, &problem, &extra);
        if (!command) {
            log("dropped a message" + from(i) + ": " + problem, LogLevel::Warning);
            return;
        }
        if (*command == Wmp::Ready || *command == Wmp::Give || *command == Wmp::Done) {
            log("dropped " + commandName(*command) + from(i) + ": only workers send it", LogLevel::Warning);
            return;
        }
        if (extra)
            log(commandName(*command) + from(i) + " has " + std::to_string(extra) + " frame(s) past encoding 1's: ignored", LogLevel::Warning);
        const Key key{i, f[2]};
        if (*command == Wmp::Wake)
            onWake(key);
        else if (*command == Wmp::No)
            onNo(key);
        else
            onTake(key, f[3], Frames(f.begin() + 4, f.end()));
        updateState();
    }

    void onWake(const Key &key)
    {
        const std::string job = printableBytes(key.second);
        if (m_reserved.contains(key) || m_working.contains(key)) {
            log("WAKE " + job + from(key.first) + " ignored: this worker holds it already");
            return;
        }
        if (room() <= 0) {
            log("WAKE " + job + from(key.first) + " ignored: busy");
            return;
        }
        const std::uint64_t serial = ++m_serial;
        m_reserved[key] = serial;
        log("WAKE " + job + from(key.first) + ": a slot reserved");
        after(m_options.integer("give-delay-ms"), [this, key, serial] {
            const auto it = m_reserved.find(key);
            if (it == m_reserved.end() || it->second != serial)
                return;
            if (send(key.first, message(Wmp::Give, {key.second})))
                log("GIVE " + printableBytes(key.second) + from(key.first));
        });
        after(m_options.integer("reserve-timeout-ms"), [this, key, serial] {
            const auto it = m_reserved.find(key);
            if (it == m_reserved.end() || it->second != serial)
                return;
            m_reserved.erase(it);
            log("neither TAKE nor NO for " + printableBytes(key.second) + from(key.first) + " in " + m_options.text("reserve-timeout-ms")
                    + " ms: the slot is free again",
                LogLevel::Warning);
            updateState();
        });
    }

    void onNo(const Key &key)
    {
        if (m_reserved.erase(key))
            log("NO " + printableBytes(key.second) + from(key.first) + ": the slot is free again");
        else
            log("NO " + printableBytes(key.second) + from(key.first) + ", which this worker did not GIVE: ignored", LogLevel::Warning);
    }

    void onTake(const Key &key, const std::string &manager, const Frames &payload)
    {
        if (m_working.contains(key)) {
            log("TAKE " + printableBytes(key.second) + from(key.first) + " again, while working on it: ignored", LogLevel::Warning);
            return;
        }
        if (!m_reserved.erase(key)) {
            // (done all the same, as docs/WMP.md lets the dialog go on, while there is room)
            const bool hasRoom = room() > 0;
            log("TAKE " + printableBytes(key.second) + from(key.first) + ", which this worker did not GIVE: "
                    + (hasRoom ? "done all the same" : "dropped, no room"),
                LogLevel::Warning);
            if (!hasRoom)
                return;
        }
        ++m_takes;
        log("TAKE " + printableBytes(key.second) + " from manager " + printableBytes(manager) + ": " + framesText(payload));
        const std::int64_t dieAfter = m_options.integer("die-after");
        if (dieAfter > 0 && std::int64_t(m_takes) == dieAfter)
            return die();
        const std::uint64_t serial = ++m_serial;
        m_working[key] = serial;
        if (room() > 0)
            ready(key.first);   // (14/WMP: READY right after TAKE to take more at once)
        after(m_options.integer("delay-ms"), [this, key, serial, payload] {
            const auto it = m_working.find(key);
            if (it != m_working.end() && it->second == serial)
                done(key, payload);
        });
    }

    Frames result(Frames payload) const
    {
        const std::string mode = m_options.text("result");
        if (mode == "fixed")
            return {m_fixed};
        if (mode == "upper") {
            for (std::string &p : payload)
                for (char &c : p)
                    c = char(std::toupper(static_cast<unsigned char>(c)));
        } else if (mode == "done") {
            std::string &first = payload.front();   // (TAKE has at least one payload frame)
            first = "done " + (first.starts_with("work ") ? first.substr(5) : first);
        }
        return payload;
    }

    void done(const Key &key, const Frames &payload)
    {
        m_working.erase(key);
        const Frames r = result(payload);
        if (send(key.first, message(Wmp::Done, {key.second}, r)))
            log("DONE " + printableBytes(key.second) + from(key.first) + ": " + framesText(r));
        ++m_done;
        const std::int64_t count = m_options.integer("count");
        if (count > 0 && std::int64_t(m_done) >= count) {
            setState(WorkerState::Done);
            log("did " + std::to_string(m_done) + " job(s): stopping");
            finish(0);
            return;
        }
        ready(key.first);
        updateState();
    }

    void die()
    {
        log("dying on TAKE " + std::to_string(m_takes) + " (no DONE, no goodbye)", LogLevel::Warning);
        for (Manager &m : m_managers)
            closeSocket(m.socket);
        m_reserved.clear();
        m_working.clear();
        setState(WorkerState::Dead);
    }

    void updateState()
    {
        if (finished() || stateValue() == std::uint32_t(WorkerState::Dead))
            return;
        if (!m_working.empty())
            setState(WorkerState::Working);
        else if (!m_reserved.empty())
            setState(WorkerState::Reserved);
        else if (std::any_of(m_managers.begin(), m_managers.end(), [](const Manager &m) { return m.handshakes > 0; }))
            setState(WorkerState::Ready);
    }

    std::vector<Manager> m_managers;        // in --connect order
    std::map<Key, std::uint64_t> m_reserved;   // slots a WAKE reserved (GIVE sent or due), by serial
    std::map<Key, std::uint64_t> m_working;    // jobs TAKEn, by serial
    std::string m_fixed;
    std::uint64_t m_serial = 0;   // (a timer knows whether its reservation or job is still the same)
    std::uint64_t m_takes = 0, m_done = 0;
};

}   // namespace

const RoleInfo kWmpManagerRole{"wmp-manager", "WMP", "WMP manager",
                               "A WMP manager: binds a ROUTER, remembers READY workers, offers each job with WAKE, "
                               "answers the first GIVE with TAKE and the rest with NO, and finishes when every job is DONE.",
                               "14/WMP (ZmqScope encoding 1)", kManagerOptions, kManagerStates, makePeer<WmpManager>, true};
const RoleInfo kWmpWorkerRole{"wmp-worker", "WMP", "WMP worker",
                              "A WMP worker: one DEALER per manager, READY with its capacity, GIVE for each WAKE it has room "
                              "for, does what TAKE hands it and answers DONE.",
                              "14/WMP (ZmqScope encoding 1)", kWorkerOptions, kWorkerStates, makePeer<WmpWorker>};

}   // namespace zmqscope::peers
