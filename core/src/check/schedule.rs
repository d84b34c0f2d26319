//! Exhaustive exploration of thread interleavings at store operations.
//!
//! Real servers handle requests in parallel; the races that matter for sessions (a logout
//! against a slow in-flight request, two requests against a rotation) are interleavings of
//! store operations. [`explore`] runs a scenario's requests on real threads but lets only one
//! run at a time, switching at every operation of a [`ScheduledStore`], and enumerates every
//! order (depth-first, like shuttle's DFS scheduler) until one breaks the scenario's check.
//! The schedule that failed is returned, so it can be replayed with [`run_schedule`].

use std::sync::{Arc, Condvar, Mutex};

use crate::session::store::{SessionRecord, Store, StoreError};

#[derive(Debug)]
struct State {
    /// Which thread may run (`None` before start).
    current: Option<usize>,
    finished: Vec<bool>,
    /// Choices to replay (index into the runnable threads at each switch point).
    prefix: Vec<usize>,
    /// The choices made, with how many options each had.
    made: Vec<(usize, usize)>,
}

/// Shared by the threads of one run.
#[derive(Debug)]
pub struct Scheduler {
    state: Mutex<State>,
    cv: Condvar,
}

thread_local! {
    static ME: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

impl Scheduler {
    fn new(threads: usize, prefix: Vec<usize>) -> Arc<Self> {
        Arc::new(Scheduler {
            state: Mutex::new(State {
                current: None,
                finished: vec![false; threads],
                prefix,
                made: Vec::new(),
            }),
            cv: Condvar::new(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Picks the next thread to run among the unfinished ones.
    fn choose(st: &mut State) {
        let runnable: Vec<usize> = (0..st.finished.len())
            .filter(|&t| !st.finished[t])
            .collect();
        if runnable.is_empty() {
            st.current = None;
            return;
        }
        let k = st.made.len();
        let pick = st
            .prefix
            .get(k)
            .copied()
            .unwrap_or(0)
            .min(runnable.len() - 1);
        st.made.push((pick, runnable.len()));
        st.current = Some(runnable[pick]);
    }

    /// A switch point: the calling thread lets the scheduler pick who runs next, and waits for
    /// its turn. Threads that the scheduler does not know (setup code) pass straight through.
    pub fn yield_now(&self) {
        let Some(me) = ME.with(|m| m.get()) else {
            return;
        };
        let mut st = self.lock();
        Self::choose(&mut st);
        self.cv.notify_all();
        while st.current != Some(me) {
            st = self.cv.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn start(&self, me: usize) {
        ME.with(|m| m.set(Some(me)));
        let mut st = self.lock();
        while st.current != Some(me) {
            st = self.cv.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn finish(&self, me: usize) {
        ME.with(|m| m.set(None));
        let mut st = self.lock();
        st.finished[me] = true;
        Self::choose(&mut st);
        self.cv.notify_all();
    }
}

/// A store whose every operation is a switch point of the scheduler it is attached to.
#[derive(Debug)]
pub struct ScheduledStore<S> {
    inner: S,
    scheduler: Mutex<Option<Arc<Scheduler>>>,
}

impl<S: Store> ScheduledStore<S> {
    /// Wraps a store; until a run attaches a scheduler, operations run straight through.
    pub fn new(inner: S) -> Self {
        ScheduledStore {
            inner,
            scheduler: Mutex::new(None),
        }
    }

    fn switch(&self) {
        let s = self
            .scheduler
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(s) = s {
            s.yield_now();
        }
    }

    fn attach(&self, s: Option<Arc<Scheduler>>) {
        *self.scheduler.lock().unwrap_or_else(|p| p.into_inner()) = s;
    }
}

impl<S: Store> Store for ScheduledStore<S> {
    fn load(&self, id: &str) -> Option<SessionRecord> {
        self.switch();
        self.inner.load(id)
    }
    fn insert(&self, record: SessionRecord) -> Result<(), StoreError> {
        self.switch();
        self.inner.insert(record)
    }
    fn save(&self, record: &SessionRecord) -> Result<(), StoreError> {
        self.switch();
        self.inner.save(record)
    }
    fn remove(&self, id: &str) -> Option<SessionRecord> {
        self.switch();
        self.inner.remove(id)
    }
    fn sessions_of(&self, user: &str) -> Vec<SessionRecord> {
        self.switch();
        self.inner.sessions_of(user)
    }
    fn all(&self) -> Vec<SessionRecord> {
        self.inner.all()
    }
}

/// The body of one thread of a scenario: the world and the thread's index.
pub type ThreadBody<W> = Box<dyn Fn(&W, usize) + Sync>;
/// A property of the world after a run.
pub type Check<W> = Box<dyn Fn(&W) -> Result<(), String>>;

/// A scenario: build a fresh world (`setup`), run `threads` on it concurrently, then `check`
/// the world; `check` returns an error message when the property fails.
pub struct Scenario<W> {
    /// Builds the world for one run; also returns the store to hook the scheduler into.
    pub setup: Box<dyn Fn() -> (W, Arc<dyn AttachScheduler>)>,
    /// The number of concurrent threads.
    pub threads: usize,
    /// The body of thread `i`.
    pub thread: ThreadBody<W>,
    /// The property checked after every run.
    pub check: Check<W>,
}

/// Something a scheduler can be attached to (a [`ScheduledStore`], shared with the world).
pub trait AttachScheduler: Send + Sync {
    /// Attaches (or with `None`, detaches) a scheduler.
    fn attach_scheduler(&self, s: Option<Arc<Scheduler>>);
}

impl<S: Store> AttachScheduler for ScheduledStore<S> {
    fn attach_scheduler(&self, s: Option<Arc<Scheduler>>) {
        self.attach(s);
    }
}

/// The result of an exploration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exploration {
    /// How many complete interleavings ran.
    pub schedules: usize,
    /// The first failing schedule (its choices) and the check's message.
    pub failure: Option<(Vec<usize>, String)>,
}

/// Runs one schedule (a list of choices) and returns the choices actually made.
pub fn run_schedule<W: Sync>(
    scenario: &Scenario<W>,
    prefix: Vec<usize>,
) -> (Vec<(usize, usize)>, Result<(), String>) {
    let (world, hook) = (scenario.setup)();
    let sched = Scheduler::new(scenario.threads, prefix);
    hook.attach_scheduler(Some(sched.clone()));
    {
        let mut st = sched.lock();
        Scheduler::choose(&mut st);
    }
    std::thread::scope(|scope| {
        for i in 0..scenario.threads {
            let (sched, world, body) = (&sched, &world, &*scenario.thread);
            scope.spawn(move || {
                sched.start(i);
                body(world, i);
                sched.finish(i);
            });
        }
    });
    hook.attach_scheduler(None);
    let made = sched.lock().made.clone();
    (made, (scenario.check)(&world))
}

/// Depth-first over every interleaving (up to `max_schedules`), stopping at the first failure.
pub fn explore<W: Sync>(scenario: &Scenario<W>, max_schedules: usize) -> Exploration {
    let mut prefix: Vec<usize> = Vec::new();
    let mut schedules = 0;
    while schedules < max_schedules {
        let (made, result) = run_schedule(scenario, prefix.clone());
        schedules += 1;
        let choices: Vec<usize> = made.iter().map(|c| c.0).collect();
        if let Err(message) = result {
            return Exploration {
                schedules,
                failure: Some((choices, message)),
            };
        }
        // The next schedule: bump the deepest choice that has an untried option.
        let Some(k) = made.iter().rposition(|&(pick, options)| pick + 1 < options) else {
            break;
        };
        prefix = choices[..k].to_vec();
        prefix.push(made[k].0 + 1);
    }
    Exploration {
        schedules,
        failure: None,
    }
}
