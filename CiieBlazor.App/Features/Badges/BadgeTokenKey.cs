using System.Security.Cryptography;

namespace CiieBlazor.App.Features.Badges;

/// <summary>
/// The key that signs badge QR tokens: <c>Badges:TokenKey</c> (base64, at least 32 bytes) when configured — every
/// instance of a deployment must share it — otherwise a random key kept in <c>Badges:TokenKeyFile</c>
/// (default badge-token.key in Storage:Keys, beside the sign-in keys), created on first use so that printed badges stay valid across restarts.
/// </summary>
public sealed class BadgeTokenKey
{
    private readonly Lazy<byte[]> _key;

    public BadgeTokenKey(IConfiguration configuration, IWebHostEnvironment env)
    {
        _key = new Lazy<byte[]>(() =>
        {
            if (configuration["Badges:TokenKey"] is { Length: > 0 } configured)
            {
                var bytes = Convert.FromBase64String(configured);
                return bytes.Length >= 32 ? bytes : throw new InvalidOperationException("Badges:TokenKey must be at least 32 bytes (base64).");
            }
            var file = configuration["Badges:TokenKeyFile"] ?? Path.Combine(configuration["Storage:Keys"] ?? "data/keys", "badge-token.key");
            var path = Path.GetFullPath(Path.IsPathRooted(file) ? file : Path.Combine(env.ContentRootPath, file));
            if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var key = RandomNumberGenerator.GetBytes(32);
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream);
                writer.Write(Convert.ToBase64String(key));
            }
            catch (IOException) when (File.Exists(path))
            {
                return Convert.FromBase64String(File.ReadAllText(path).Trim()); // another process made it first
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return key;
        });
    }

    public ReadOnlySpan<byte> Key => _key.Value;
}
