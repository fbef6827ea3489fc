using CiieBlazor.Domain.Persons;
using FluentValidation;

namespace CiieBlazor.App.Features.Accounts;

/// <summary>修改密码: the current password, the new one and the new one again.</summary>
public sealed class ChangePasswordInput
{
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
}

public sealed class ChangePasswordInputValidator : AbstractValidator<ChangePasswordInput>
{
    public ChangePasswordInputValidator()
    {
        RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage("请输入当前密码 (enter your current password)");
        // One message per field at a time: the first rule that fails.
        RuleFor(x => x.NewPassword).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("请输入新密码 (enter a new password)")
            .NewPassword()
            .NotEqual(x => x.CurrentPassword).WithMessage("新密码不能与当前密码相同 (the new password must differ from the current one)");
        RuleFor(x => x.ConfirmPassword).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("请再次输入新密码 (enter the new password again)")
            .Equal(x => x.NewPassword).WithMessage(PasswordRules.Differ);
    }
}

/// <summary>修改联系方式: the account's contact mobile (mainland) and email.</summary>
public sealed class ContactInput
{
    public string? Phone { get; set; }
    public string? Email { get; set; }
}

public sealed class ContactInputValidator : AbstractValidator<ContactInput>
{
    public ContactInputValidator()
    {
        RuleFor(x => x.Phone).Custom((phone, ctx) =>
        {
            if (PersonData.CheckMobile(PersonType.Mainland, phone) is { } error) ctx.AddFailure(error);
        });
        RuleFor(x => x.Email).Custom((email, ctx) =>
        {
            if (PersonData.CheckEmail(email) is { } error) ctx.AddFailure(error);
        });
    }
}
