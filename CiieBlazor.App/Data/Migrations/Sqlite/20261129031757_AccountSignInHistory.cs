using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CiieBlazor.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountSignInHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SideEvents_EditionId_Date",
                table: "SideEvents");

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "SideEvents",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "End",
                table: "SideEvents",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeOnly(0, 0, 0));

            migrationBuilder.AddColumn<string>(
                name: "Location",
                table: "SideEvents",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<TimeOnly>(
                name: "Start",
                table: "SideEvents",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeOnly(0, 0, 0));

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "SideEvents",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "Draft");

            // Events published under the old flag stay published.
            migrationBuilder.Sql("UPDATE \"SideEvents\" SET \"Status\" = 'Published' WHERE \"Published\" = 1;");

            migrationBuilder.DropColumn(
                name: "Published",
                table: "SideEvents");

            migrationBuilder.CreateTable(
                name: "SignInRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SideEvents_EditionId_Status_Date",
                table: "SideEvents",
                columns: new[] { "EditionId", "Status", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_SignInRecords_UserId_At",
                table: "SignInRecords",
                columns: new[] { "UserId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInRecords");

            migrationBuilder.DropIndex(
                name: "IX_SideEvents_EditionId_Status_Date",
                table: "SideEvents");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "SideEvents");

            migrationBuilder.DropColumn(
                name: "End",
                table: "SideEvents");

            migrationBuilder.DropColumn(
                name: "Location",
                table: "SideEvents");

            migrationBuilder.DropColumn(
                name: "Start",
                table: "SideEvents");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "SideEvents");

            migrationBuilder.AddColumn<bool>(
                name: "Published",
                table: "SideEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_SideEvents_EditionId_Date",
                table: "SideEvents",
                columns: new[] { "EditionId", "Date" });
        }
    }
}
