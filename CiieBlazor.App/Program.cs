using CiieBlazor.App.Data;
using CiieBlazor.App.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseSolutionSettings(builder.Environment);
builder.Services.AddCiieBlazor();

var app = builder.Build();
try
{
    await app.InitialiseDatabaseAsync();
}
catch (StartupException ex)
{
    Console.Error.WriteLine($"CiieBlazor 无法启动 (cannot start): {ex.Message}");
    return 1;
}
app.UseCiieBlazor();
app.Lifetime.ApplicationStarted.Register(() => app.PrintDemoLogins());
await app.RunAsync();
return 0;
