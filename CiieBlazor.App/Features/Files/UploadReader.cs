namespace CiieBlazor.App.Features.Files;

/// <summary>Reads an upload up to a size limit and recognises it by content (PDF, JPEG, PNG) — one rule for every upload.</summary>
public static class UploadReader
{
    public static async Task<(byte[] Bytes, string ContentType)> ReadAsync(Stream content, long declaredSize, long maxBytes, CancellationToken ct)
    {
        var limit = $"文件不能超过{maxBytes / 1024 / 1024}MB (files up to {maxBytes / 1024 / 1024} MB)";
        if (declaredSize > maxBytes) throw new UploadRefusedException(limit);
        if (declaredSize == 0) throw new UploadRefusedException("文件为空 (the file is empty)");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new UploadRefusedException(limit);
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray();
        var type = FileSignatures.Detect(bytes)
            ?? throw new UploadRefusedException("仅支持PDF、JPG、PNG格式的文件（按文件内容识别） (only PDF, JPEG or PNG; the content decides, not the name)");
        return (bytes, type);
    }

    /// <summary>A safe display name: the file's own name without folders, at most 100 characters, with the extension of its real type.</summary>
    public static string SafeName(string? fileName, string fallback, string contentType)
    {
        var name = Path.GetFileNameWithoutExtension(Path.GetFileName(fileName ?? fallback));
        name = string.IsNullOrWhiteSpace(name) ? fallback : name.Length > 100 ? name[..100] : name;
        return name + FileSignatures.Extension(contentType);
    }
}
