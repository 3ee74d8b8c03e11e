using Prometheus;

namespace GridForge.Node.Observability;

/// <summary>.NET runtime metrics read from the runtime's own counters when Prometheus scrapes (no event listener running
/// between scrapes): prometheus-net's process and GC-count metrics, plus GC pauses, allocation, heap, thread pool and lock
/// contention, named per Prometheus conventions.</summary>
internal static class RuntimeMetrics
{
    public static void Register(CollectorRegistry registry)
    {
        DotNetStats.Register(registry);
        var f = Metrics.WithCustomRegistry(registry);
        var pause = f.CreateCounter("dotnet_gc_pause_seconds_total", "Time the garbage collector paused the process");
        var allocated = f.CreateCounter("dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap");
        var heap = f.CreateGauge("dotnet_gc_heap_size_bytes", "Managed heap size after the last collection");
        var committed = f.CreateGauge("dotnet_gc_committed_bytes", "Memory the garbage collector has committed");
        var fragmented = f.CreateGauge("dotnet_gc_fragmented_bytes", "Free space inside the managed heap after the last collection");
        var threads = f.CreateGauge("dotnet_threadpool_threads", "Thread pool threads");
        var queued = f.CreateGauge("dotnet_threadpool_queue_length", "Work items waiting for a thread pool thread");
        var completed = f.CreateCounter("dotnet_threadpool_completed_items_total", "Work items the thread pool has run");
        var contention = f.CreateCounter("dotnet_monitor_lock_contentions_total", "Times a thread waited for a lock another held");
        registry.AddBeforeCollectCallback(() =>
        {
            pause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
            allocated.IncTo(GC.GetTotalAllocatedBytes());
            var info = GC.GetGCMemoryInfo();
            heap.Set(info.HeapSizeBytes);
            committed.Set(info.TotalCommittedBytes);
            fragmented.Set(info.FragmentedBytes);
            threads.Set(ThreadPool.ThreadCount);
            queued.Set(ThreadPool.PendingWorkItemCount);
            completed.IncTo(ThreadPool.CompletedWorkItemCount);
            contention.IncTo(Monitor.LockContentionCount);
        });
    }
}
