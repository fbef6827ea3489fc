using FluentValidation;
using FluentValidation.Results;

namespace CiieBlazor.App.Components.Shared;

/// <summary>
/// The messages a form shows next to its fields (<c>Error="@errors.Has(..)" ErrorText="@errors.Of(..)"</c>), one per field,
/// filled from a validator before saving and from the service's <see cref="ValidationException"/> after it.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> _errors = new();

    public bool Any => _errors.Count > 0;
    public bool Has(string field) => _errors.ContainsKey(field);
    public string? Of(string field) => _errors.GetValueOrDefault(field);
    public void Clear() => _errors.Clear();

    /// <summary>Validates <paramref name="input"/>; true when it may be saved.</summary>
    public async Task<bool> CheckAsync<T>(IValidator<T> validator, T input)
    {
        Set((await validator.ValidateAsync(input)).Errors);
        return !Any;
    }

    /// <summary>Shows these failures, the first one of each field.</summary>
    public void Set(IEnumerable<ValidationFailure> failures)
    {
        _errors.Clear();
        foreach (var failure in failures) _errors.TryAdd(failure.PropertyName, failure.ErrorMessage);
    }
}
