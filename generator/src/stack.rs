//! Threads with a stack large enough for the recursive steps.
//!
//! `openapiv3`'s derived deserializers, `syn` and `prettyplease` recurse once per level
//! of nesting: a document may nest up to the parsers' limit of 128 levels, and in a
//! debug build each level can take tens of kilobytes, more than a 2 MiB test or worker
//! thread has.

/// The stack of every thread started here.
pub(crate) const LARGE_STACK: usize = 64 << 20;

thread_local! {
    /// Whether this thread was started here, so nested calls need no thread of their own
    /// (a thread costs little, but its first allocations fault in fresh pages).
    static ON_LARGE_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn large_stack_thread() -> std::thread::Builder {
    std::thread::Builder::new().name("generator-deep".into()).stack_size(LARGE_STACK)
}

/// Marks the current thread as one with [`LARGE_STACK`], then runs `f`.
fn marked<T>(f: impl FnOnce() -> T) -> T {
    ON_LARGE_STACK.with(|on| on.set(true));
    f()
}

/// Runs `f` on every item, each on its own thread with [`LARGE_STACK`], and returns
/// the results in the order of `items`. An item whose thread cannot be started runs on
/// the caller's thread; a panic is resumed on the caller's thread.
pub(crate) fn map_on_large_stacks<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    if let [one] = items {
        return vec![on_large_stack(|| f(one))];
    }
    let f = &f;
    std::thread::scope(|s| {
        let workers: Vec<_> = items
            .iter()
            .map(|item| {
                let worker = large_stack_thread().spawn_scoped(s, move || marked(|| f(item)));
                (item, worker)
            })
            .collect();
        workers
            .into_iter()
            .map(|(item, worker)| match worker.map(|w| w.join()) {
                Ok(Ok(value)) => value,
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => f(item),
            })
            .collect()
    })
}

/// Runs `f` on a thread with [`LARGE_STACK`]: this one if it already is, else a new
/// one (inline if no thread can be started); a panic in `f` is resumed on the caller's
/// thread.
pub(crate) fn on_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if ON_LARGE_STACK.with(|on| on.get()) {
        return f();
    }
    let mut job = Some(f);
    let slot = &mut job;
    let joined = std::thread::scope(|s| {
        let worker = large_stack_thread().spawn_scoped(s, move || marked(|| slot.take().map(|f| f())));
        worker.ok().map(|w| w.join())
    });
    match joined {
        Some(Ok(Some(value))) => value,
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        _ => job.take().map(|f| f()).expect("the job runs exactly once"),
    }
}
