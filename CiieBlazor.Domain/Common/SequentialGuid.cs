using System.Buffers.Binary;

namespace CiieBlazor.Domain.Common;

/// <summary>
/// Version 7 GUIDs that strictly increase within the process. <see cref="Guid.CreateVersion7()"/> orders by millisecond
/// only: two ids made in the same millisecond come in random order, so "the oldest" by id (the default courier address
/// after a delete, keyset paging in creation order) would depend on chance. Here an id that would not be above the last
/// one is the last one plus one in its random part, so ids sort in creation order — as .NET compares them and as their
/// text sorts.
/// </summary>
public sealed class SequentialGuid
{
    private static readonly UInt128 RandomPart = (UInt128.One << 62) - 1; // rand_b: below the variant bits
    private static readonly SequentialGuid Process = new();
    private readonly Lock _gate = new();
    private UInt128 _last;

    /// <summary>The next id of this process, on the system clock.</summary>
    public static Guid Next() => Process.Next(DateTimeOffset.UtcNow);

    /// <summary>The next id of this sequence, made at <paramref name="now"/>.</summary>
    public Guid Next(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var value = Read(Guid.CreateVersion7(now), bytes);
        lock (_gate)
        {
            if (value <= _last)
            {
                // Same (or an earlier) millisecond: one above the last id, unless its random part is used up — then
                // the next millisecond of the last id.
                value = (_last & RandomPart) < RandomPart
                    ? _last + 1
                    : Read(Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds((long)(_last >> 80) + 1)), bytes);
            }
            _last = value;
        }
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new Guid(bytes, bigEndian: true);
    }

    private static UInt128 Read(Guid id, Span<byte> bytes)
    {
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
