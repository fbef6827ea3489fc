using System.Collections.Concurrent;

namespace CiieBlazor.App.Realtime;

/// <summary>
/// Change notifier: services publish after a save, components subscribe to the topics they show and refresh through
/// <c>InvokeAsync</c>. Subscriptions are disposed with the component. Delivery is in process; with several instances a
/// backplane (<see cref="RedisBackplane"/>) carries each publication to the other instances too.
/// </summary>
public sealed class ChangeNotifier(ILogger<ChangeNotifier> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<Task>>> _topics = new();

    /// <summary>Set by a backplane: carries what is published here to the other instances.</summary>
    internal Action<IReadOnlyList<string>>? Forward { get; set; }

    public IDisposable Subscribe(string topic, Func<Task> onChange)
    {
        var id = Guid.NewGuid();
        _topics.GetOrAdd(topic, _ => new()).TryAdd(id, onChange);
        return new Subscription(this, topic, id);
    }

    public int SubscriberCount(string topic) => _topics.TryGetValue(topic, out var subs) ? subs.Count : 0;

    /// <summary>
    /// Tells every subscriber of the topics, here and (through the backplane) on the other instances; a failing subscriber
    /// never stops the others or the publisher.
    /// </summary>
    public void Publish(params IEnumerable<string> topics)
    {
        var distinct = topics.Distinct().ToList();
        PublishHere(distinct);
        if (Forward is { } forward && distinct.Count > 0)
        {
            try
            {
                forward(distinct);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Live updates could not reach the other instances.");
            }
        }
    }

    /// <summary>Topics with a subscriber in this instance.</summary>
    public IReadOnlyList<string> SubscribedTopics() => [.. _topics.Where(t => !t.Value.IsEmpty).Select(t => t.Key)];

    /// <summary>Tells this instance's subscribers only (what another instance published).</summary>
    internal void PublishHere(IEnumerable<string> topics)
    {
        foreach (var topic in topics.Distinct())
        {
            if (!_topics.TryGetValue(topic, out var subs)) continue;
            foreach (var callback in subs.Values)
            {
                _ = Run(topic, callback);
            }
        }
    }

    private async Task Run(string topic, Func<Task> callback)
    {
        try
        {
            await callback();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A subscriber of {Topic} failed.", topic);
        }
    }

    private void Unsubscribe(string topic, Guid id)
    {
        if (_topics.TryGetValue(topic, out var subs)) subs.TryRemove(id, out _);
    }

    private sealed class Subscription(ChangeNotifier owner, string topic, Guid id) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(topic, id);
        }
    }
}

/// <summary>Topic names, one per thing a page can show.</summary>
public static class Topics
{
    public static string Organisation(Guid organisationId) => $"org:{organisationId:N}";
    public static string Delegation(Guid delegationId) => $"delegation:{delegationId:N}";
    public const string Operations = "operations";
    /// <summary>Badge production and dispatch desks, and the gate.</summary>
    public const string Badges = "badges";
    /// <summary>配套活动: any create, edit, publish or unpublish.</summary>
    public const string SideEvents = "side-events";
}
