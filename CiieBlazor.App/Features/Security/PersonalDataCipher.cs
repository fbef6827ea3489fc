using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CiieBlazor.App.Data;
using System.Buffers.Text;

namespace CiieBlazor.App.Features.Security;

/// <summary>
/// The "PersonalData" section: the keys that encrypt identity document numbers and phone numbers at rest.
/// <c>Keys</c> maps a key id to 32 random bytes in base64 (<c>openssl rand -base64 32</c>); <c>CurrentKey</c> names the
/// one new values are written with (the others still decrypt, and the rewrap job moves their rows to the current one);
/// <c>IndexKey</c> is the separate secret of the blind index (exact search by document number).
/// </summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    public Dictionary<string, string> Keys { get; set; } = [];
    public string? CurrentKey { get; set; }
    public string? IndexKey { get; set; }

    /// <summary>
    /// A JSON file holding <c>Keys</c>, <c>CurrentKey</c> and <c>IndexKey</c> (a mounted secret, or a tool's own
    /// database folder); what it holds is added to the settings above.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>These options with the key file's content added (the file wins where both name something).</summary>
    public PersonalDataOptions WithKeyFile()
    {
        if (string.IsNullOrWhiteSpace(KeyFile)) return this;
        if (!File.Exists(KeyFile)) throw new StartupException($"PersonalData:KeyFile \"{KeyFile}\" 不存在 (the key file does not exist)");
        PersonalDataOptions file;
        try
        {
            file = System.Text.Json.JsonSerializer.Deserialize<PersonalDataOptions>(File.ReadAllText(KeyFile)) ?? new();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new StartupException($"PersonalData:KeyFile \"{KeyFile}\" 不是有效的 JSON (is not valid JSON): {ex.Message}", ex);
        }
        var merged = new PersonalDataOptions { Keys = new(Keys), CurrentKey = file.CurrentKey ?? CurrentKey, IndexKey = file.IndexKey ?? IndexKey };
        foreach (var (id, key) in file.Keys) merged.Keys[id] = key;
        return merged;
    }

    /// <summary>
    /// The key file at <paramref name="path"/>, written with fresh random keys when there is none yet: for a tool's own
    /// database (benchmarks, load runs), whose keys belong beside it and must survive its next run.
    /// </summary>
    public static string EnsureKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = Random();
            File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { fresh.Keys, fresh.CurrentKey, fresh.IndexKey }));
        }
        return path;
    }

    /// <summary>Fresh random keys (for a throwaway database: design time, a test's second key).</summary>
    public static PersonalDataOptions Random(string keyId = "k1") => new()
    {
        Keys = { [keyId] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        CurrentKey = keyId,
        IndexKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>These options as configuration entries (command-line or in-memory settings of an app started by a tool).</summary>
    public IEnumerable<KeyValuePair<string, string?>> AsSettings() =>
        Keys.Select(k => new KeyValuePair<string, string?>($"{Section}:Keys:{k.Key}", k.Value))
            .Append(new($"{Section}:CurrentKey", CurrentKey))
            .Append(new($"{Section}:IndexKey", IndexKey));
}

/// <summary>
/// AES-256-GCM for personal data at rest, with a random 96-bit nonce per value, so equal numbers give unequal
/// ciphertexts; and an HMAC-SHA-256 blind index so a document number can still be found by exact match.
/// A stored value reads <c>pd1.{keyId}.{base64url(nonce ‖ tag ‖ ciphertext)}</c>. A value without that prefix is one
/// written before encryption (kept readable; <see cref="PersonalDataRewrap"/> encrypts it).
/// </summary>
public sealed partial class PersonalDataCipher
{
    public const string Prefix = "pd1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly byte[] _current;
    private readonly byte[] _indexKey;

    private PersonalDataCipher(Dictionary<string, byte[]> keys, string current, byte[] indexKey)
    {
        _keys = keys;
        CurrentKeyId = current;
        _current = keys[current];
        _indexKey = indexKey;
        // Identifies the key material without revealing it: contexts built with other keys get a model of their own.
        var material = keys.OrderBy(k => k.Key, StringComparer.Ordinal).SelectMany(k => Encoding.UTF8.GetBytes(k.Key).Concat(k.Value)).Concat(indexKey).ToArray();
        Fingerprint = Convert.ToHexString(SHA256.HashData(material))[..16];
    }

    public string CurrentKeyId { get; }
    public string Fingerprint { get; }

    /// <summary>What every value written with the current key starts with.</summary>
    public string CurrentPrefix => $"{Prefix}{CurrentKeyId}.";

    /// <summary>The cipher of the configured keys; a missing or malformed key stops the start with a message saying what to set.</summary>
    public static PersonalDataCipher Create(PersonalDataOptions options)
    {
        options = options.WithKeyFile();
        const string how = "在 PersonalData 配置中设置 Keys、CurrentKey 与 IndexKey（每个密钥为 32 字节随机数的 base64，如 openssl rand -base64 32）"
            + " (set PersonalData:Keys:{id}, PersonalData:CurrentKey and PersonalData:IndexKey, each key 32 random bytes in base64, e.g. openssl rand -base64 32)";
        if (options.Keys.Count == 0 || string.IsNullOrWhiteSpace(options.CurrentKey) || string.IsNullOrWhiteSpace(options.IndexKey))
        {
            throw new StartupException("个人信息加密密钥未配置 (the personal-data encryption keys are not configured): " + how);
        }
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in options.Keys)
        {
            if (!KeyId().IsMatch(id)) throw new StartupException($"PersonalData:Keys 的密钥名 \"{id}\" 只能含字母、数字和连字符 (a key id holds letters, digits and '-' only)");
            keys[id] = Key(value, $"PersonalData:Keys:{id}");
        }
        if (!keys.ContainsKey(options.CurrentKey)) throw new StartupException($"PersonalData:CurrentKey \"{options.CurrentKey}\" 不在 PersonalData:Keys 中 (names no configured key)");
        var index = Key(options.IndexKey, "PersonalData:IndexKey");
        if (keys.Values.Any(k => k.AsSpan().SequenceEqual(index))) throw new StartupException("PersonalData:IndexKey 须与加密密钥不同 (the index key must differ from the encryption keys)");
        return new PersonalDataCipher(keys, options.CurrentKey, index);
    }

    private static byte[] Key(string value, string name)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new StartupException($"{name} 不是 base64 (is not base64): 32 random bytes in base64 expected");
        }
        return key.Length == 32 ? key : throw new StartupException($"{name} 须为 32 字节 (must be 32 bytes, found {key.Length})");
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,20}$")]
    private static partial Regex KeyId();

    /// <summary>The stored form of <paramref name="plain"/>; an empty value stays empty (nothing to hide, and drafts are often empty).</summary>
    public string Protect(string plain)
    {
        if (plain.Length == 0) return plain;
        var data = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceSize + TagSize + data.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_current, TagSize))
        {
            aes.Encrypt(nonce, data, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        }
        return CurrentPrefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The plain value of a stored one. Values from before encryption come back as they are.</summary>
    public string Unprotect(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal)) return stored;
        var dot = stored.IndexOf('.', Prefix.Length);
        if (dot < 0) throw new CryptographicException("Malformed protected value.");
        var id = stored[Prefix.Length..dot];
        if (!_keys.TryGetValue(id, out var key))
        {
            throw new CryptographicException($"Personal data was written with key '{id}', which is not configured (PersonalData:Keys).");
        }
        var sealedBytes = Base64Url.DecodeFromChars(stored.AsSpan(dot + 1));
        if (sealedBytes.Length < NonceSize + TagSize) throw new CryptographicException("Malformed protected value.");
        var data = new byte[sealedBytes.Length - NonceSize - TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), data);
        }
        return Encoding.UTF8.GetString(data);
    }

    /// <summary>
    /// The blind index of a normalised value: 128 bits of its HMAC under the index key, so the database can match it
    /// exactly without holding it. Empty for an empty value.
    /// </summary>
    public string Index(string normalised)
    {
        if (normalised.Length == 0) return "";
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes(normalised), mac);
        return Base64Url.EncodeToString(mac[..16]);
    }

}
