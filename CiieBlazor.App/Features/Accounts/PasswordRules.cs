using FluentValidation;

namespace CiieBlazor.App.Features.Accounts;

/// <summary>The site's password rule (registration and 修改密码): 8–100 characters with letters and digits; Identity checks it again.</summary>
public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 100;
    public const string Differ = "两次输入的密码不一致 (the passwords differ)";

    public static IRuleBuilderOptions<T, string?> NewPassword<T>(this IRuleBuilder<T, string?> rule) => rule
        .MinimumLength(MinLength).WithMessage($"密码至少{MinLength}位 (at least {MinLength} characters)")
        .MaximumLength(MaxLength).WithMessage($"密码不能超过{MaxLength}位 (at most {MaxLength} characters)")
        .Must(p => p is not null && p.Any(char.IsAsciiDigit) && p.Any(char.IsAsciiLetter)).WithMessage("密码须同时包含字母和数字 (use letters and digits)");
}
