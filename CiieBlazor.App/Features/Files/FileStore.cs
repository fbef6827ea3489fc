using CiieBlazor.App.Data;

namespace CiieBlazor.App.Features.Files;

/// <summary>Keeps uploaded files outside the web root, under random names (Storage:Root).</summary>
public sealed class FileStore
{
    public FileStore(IConfiguration configuration, IWebHostEnvironment env)
    {
        var root = configuration["Storage:Root"] ?? "data/uploads";
        Root = Path.GetFullPath(Path.IsPathRooted(root) ? root : Path.Combine(env.ContentRootPath, root));
    }

    public string Root { get; }

    /// <summary>Writes the bytes and returns the row to add in the caller's save.</summary>
    public async Task<StoredFile> SaveAsync(Guid? organisationId, string originalName, string contentType, byte[] content, DateTimeOffset now, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        var relative = Path.Combine(now.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture), id.ToString("N"));
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        try
        {
            await File.WriteAllBytesAsync(full, content, ct);
        }
        catch
        {
            // A full disk leaves a file cut short (or empty): nothing half-written stays behind.
            File.Delete(full);
            throw;
        }
        return new StoredFile
        {
            Id = id,
            OrganisationId = organisationId,
            OriginalName = Path.GetFileName(originalName),
            ContentType = contentType,
            Size = content.LongLength,
            StoragePath = relative,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// Runs the caller's save of the file's row; when that save fails (the database busy or full), the file written for it
    /// is taken off the disk again, so no file is left that no row names.
    /// </summary>
    public async Task SaveRowAsync(StoredFile file, Func<Task> save)
    {
        try
        {
            await save();
        }
        catch
        {
            Delete(file);
            throw;
        }
    }

    public Stream OpenRead(StoredFile file) => File.OpenRead(Path.Combine(Root, file.StoragePath));

    public void Delete(StoredFile file)
    {
        var path = Path.Combine(Root, file.StoragePath);
        if (File.Exists(path)) File.Delete(path);
    }
}
