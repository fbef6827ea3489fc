using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using CiieBlazor.Domain.Badges;

namespace CiieBlazor.App.Features.Gate;

/// <summary>A turnstile's scan: the QR text and which way the person goes.</summary>
public sealed record GateScanRequest(string? Code, [property: JsonConverter(typeof(JsonStringEnumConverter<GateDirection>))] GateDirection Direction = GateDirection.In);

/// <summary>
/// <c>POST /api/gate/scans</c> for turnstiles and handheld scanners. A device signs in with its key
/// (<c>Authorization: Bearer …</c>, configured per gate in <c>Gate:DeviceKeys</c>); the answer is admit or refuse with the
/// reason, the holder's name and organisation for the guard's screen, and the server's time in milliseconds.
/// </summary>
public static class GateEndpoints
{
    public static void MapGate(this WebApplication app)
    {
        var keys = app.Configuration.GetSection("Gate:DeviceKeys").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .Select(c => (Gate: c.Key, Key: Encoding.UTF8.GetBytes(c.Value!))).ToArray();

        app.MapPost("/api/gate/scans", async (HttpRequest request, GateService gate, CancellationToken ct) =>
        {
            var device = Authenticate(request, keys);
            if (device is null) return Results.Problem("设备未授权 (unknown gate device: send Authorization: Bearer <device key>)", statusCode: StatusCodes.Status401Unauthorized);
            GateScanRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<GateScanRequest>(ct);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
            {
                return Results.Problem("请求格式错误：需要 JSON {\"code\": \"…\", \"direction\": \"In\"|\"Out\"} (malformed scan)", statusCode: StatusCodes.Status400BadRequest);
            }
            if (body is null || !Enum.IsDefined(body.Direction))
                return Results.Problem("请求格式错误 (malformed scan)", statusCode: StatusCodes.Status400BadRequest);
            var result = await gate.ScanAsync(body.Code, device, body.Direction, ct);
            return Results.Ok(new
            {
                admit = result.Admit,
                reason = result.Refusal.ToString(),
                message = result.Message,
                badgeNumber = result.BadgeNumber,
                name = result.Name,
                organisation = result.Organisation,
                tag = result.Tag?.ToString(),
                serverMs = Math.Round(result.ServerMs, 3),
            });
        }).DisableAntiforgery();
    }

    private static string? Authenticate(HttpRequest request, (string Gate, byte[] Key)[] keys)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return null;
        var given = Encoding.UTF8.GetBytes(header[7..].Trim());
        foreach (var (gate, key) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(given, key)) return gate;
        }
        return null;
    }
}
