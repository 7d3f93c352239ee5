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

pub(crate) fn large_stack_thread() -> std::thread::Builder {
    std::thread::Builder::new().name("generator-deep".into()).stack_size(LARGE_STACK)
}

/// Marks the current thread as one with [`LARGE_STACK`], then runs `f`.
fn marked<T>(f: impl FnOnce() -> T) -> T {
    ON_LARGE_STACK.with(|on| on.set(true));
    f()
}

/// How many threads work at once: the machine's parallelism (1 when unknown).
pub(crate) fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Helper threads running now (see [`Helpers`]).
static HELPERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Permission to start helper threads: at most [`workers`] of them run at once in the
/// whole process, whatever the number of files being formatted, so threads stay
/// bounded by the machine (the pool's plus at most as many helpers). Released on drop.
pub(crate) struct Helpers(usize);

impl Helpers {
    /// Up to `wanted` helpers, as many as are free now (maybe none).
    pub(crate) fn take(wanted: usize) -> Helpers {
        let limit = workers();
        let mut got = 0;
        let _ = HELPERS.fetch_update(
            std::sync::atomic::Ordering::AcqRel,
            std::sync::atomic::Ordering::Acquire,
            |running| {
                got = wanted.min(limit.saturating_sub(running));
                Some(running + got)
            },
        );
        Helpers(got)
    }

    /// How many helpers were granted.
    pub(crate) fn count(&self) -> usize {
        self.0
    }
}

impl Drop for Helpers {
    fn drop(&mut self) {
        HELPERS.fetch_sub(self.0, std::sync::atomic::Ordering::AcqRel);
    }
}

/// Runs `f` on every item on at most [`workers`] threads with [`LARGE_STACK`], each
/// taking the next item not yet taken, and returns the results in the order of `items`
/// (so output does not depend on scheduling). Items no thread could take (none could
/// be started) run on the caller's thread; a panic is resumed on the caller's thread.
pub(crate) fn map_on_large_stacks<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    let order: Vec<usize> = (0..items.len()).collect();
    map_on_large_stacks_in(items, &order, f)
}

/// [`map_on_large_stacks`], the items taken in `order` (indexes into `items`; the
/// largest first keeps a large item from being the last one, alone on one core). The
/// results are still in the order of `items`.
pub(crate) fn map_on_large_stacks_in<I: Sync, T: Send>(
    items: &[I],
    order: &[usize],
    f: impl Fn(&I) -> T + Sync,
) -> Vec<T> {
    let threads = workers().min(items.len());
    if threads <= 1 {
        return on_large_stack(|| items.iter().map(&f).collect());
    }
    let f = &f;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let next = &next;
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .filter_map(|_| {
                large_stack_thread()
                    .spawn_scoped(s, move || {
                        marked(|| {
                            let mut done = Vec::new();
                            loop {
                                let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                let Some(&i) = order.get(taken) else { return done };
                                let Some(item) = items.get(i) else { continue };
                                done.push((i, f(item)));
                            }
                        })
                    })
                    .ok()
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => done.into_iter().for_each(|(i, value)| slots[i] = Some(value)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    slots.into_iter().zip(items).map(|(slot, item)| slot.unwrap_or_else(|| on_large_stack(|| f(item)))).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_returns_results_in_the_order_of_the_items() {
        let items: Vec<usize> = (0..100).collect();
        let doubled = map_on_large_stacks(&items, |i| {
            assert!(ON_LARGE_STACK.with(|on| on.get()));
            i * 2
        });
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_the_pool_reaches_the_caller() {
        let items = [1, 2, 3];
        let caught = std::panic::catch_unwind(|| map_on_large_stacks(&items, |i| assert_ne!(*i, 2)));
        assert!(caught.is_err());
    }

    #[test]
    fn helpers_never_exceed_the_cores() {
        let a = Helpers::take(usize::MAX);
        assert!(a.count() <= workers());
        let b = Helpers::take(usize::MAX);
        assert!(a.count() + b.count() <= workers());
    }
}
