using FluentValidation;

namespace CiieBlazor.App.Components.Shared;

/// <summary>FluentValidation rules as MudForm field validation (Blazored.FluentValidation is not served here).</summary>
public static class MudValidation
{
    public static Func<object, string, Task<IEnumerable<string>>> For<T>(IValidator<T> validator) => async (model, propertyName) =>
    {
        var result = await validator.ValidateAsync(ValidationContext<T>.CreateWithOptions((T)model, o => o.IncludeProperties(propertyName)));
        return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
    };
}
