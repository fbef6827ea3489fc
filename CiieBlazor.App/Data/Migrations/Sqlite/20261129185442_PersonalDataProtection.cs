using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CiieBlazor.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonalDataProtection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Persons_EditionId_DocumentNumber",
                table: "Persons");

            migrationBuilder.AddColumn<string>(
                name: "DocumentIndex",
                table: "Persons",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RecipientIndex",
                table: "Outbox",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EditionId_DocumentIndex",
                table: "Persons",
                columns: new[] { "EditionId", "DocumentIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_RecipientIndex",
                table: "Outbox",
                column: "RecipientIndex");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveredMessages_OutboxMessageId",
                table: "DeliveredMessages",
                column: "OutboxMessageId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Persons_EditionId_DocumentIndex",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_RecipientIndex",
                table: "Outbox");

            migrationBuilder.DropIndex(
                name: "IX_DeliveredMessages_OutboxMessageId",
                table: "DeliveredMessages");

            migrationBuilder.DropColumn(
                name: "DocumentIndex",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "RecipientIndex",
                table: "Outbox");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EditionId_DocumentNumber",
                table: "Persons",
                columns: new[] { "EditionId", "DocumentNumber" });
        }
    }
}
