using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;

namespace CiieBlazor.App.Features.Accounts;

/// <summary>
/// Interactive pages (registration, previous-edition verification) cannot set the sign-in cookie themselves:
/// they get a one-time ticket, valid two minutes, which the static endpoint /account/ticket turns into a sign-in.
/// </summary>
public sealed class SignInTickets(IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("CiieBlazor.SignInTicket").ToTimeLimitedDataProtector();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unused = new();

    public string Issue(string userId)
    {
        var nonce = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        foreach (var stale in _unused.Where(p => p.Value < now).Select(p => p.Key).ToList()) _unused.TryRemove(stale, out _);
        _unused[nonce] = now + Lifetime;
        return _protector.Protect($"{userId}|{nonce}", Lifetime);
    }

    /// <summary>The user id, once; null for a forged, expired or already used ticket.</summary>
    public string? Redeem(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket)) return null;
        try
        {
            var parts = _protector.Unprotect(ticket).Split('|');
            return parts.Length == 2 && _unused.TryRemove(parts[1], out var until) && until >= clock.GetUtcNow() ? parts[0] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
