using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CiieBlazor.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BadgeProductionDispatchGate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "TrackingNumber",
                table: "Badges",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "CourierCompany",
                table: "Badges",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "BadgeNumber",
                table: "Badges",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevokedReason",
                table: "Badges",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Serial",
                table: "Badges",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "ShipmentId",
                table: "Badges",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.Sql("UPDATE \"Badges\" SET \"Serial\" = 1 WHERE \"BadgeNumber\" IS NOT NULL");

            migrationBuilder.CreateTable(
                name: "BadgeShipments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EditionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Method = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Number = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    CourierCompany = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    TrackingNumber = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Recipient = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    RecipientPhone = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Address = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    DelegationId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    BadgeCount = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BadgeShipments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GateScans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EditionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Gate = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Direction = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    BadgeNumber = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Serial = table.Column<int>(type: "int", nullable: false),
                    Admitted = table.Column<bool>(type: "bit", nullable: false),
                    Refusal = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Scanned = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateScans", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_RefundedAt",
                table: "Refunds",
                column: "RefundedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentReceipts_ReceivedAt",
                table: "PaymentReceipts",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Badges_EditionId_BadgeNumber",
                table: "Badges",
                columns: new[] { "EditionId", "BadgeNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_Badges_EditionId_Status",
                table: "Badges",
                columns: new[] { "EditionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Badges_ShipmentId",
                table: "Badges",
                column: "ShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_Machine_Id",
                table: "AuditRecords",
                columns: new[] { "Machine", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BadgeShipments_EditionId_CreatedAt",
                table: "BadgeShipments",
                columns: new[] { "EditionId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BadgeShipments_Number",
                table: "BadgeShipments",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GateScans_At",
                table: "GateScans",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_GateScans_EditionId_BadgeNumber_At",
                table: "GateScans",
                columns: new[] { "EditionId", "BadgeNumber", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BadgeShipments");

            migrationBuilder.DropTable(
                name: "GateScans");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_RefundedAt",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_PaymentReceipts_ReceivedAt",
                table: "PaymentReceipts");

            migrationBuilder.DropIndex(
                name: "IX_Badges_EditionId_BadgeNumber",
                table: "Badges");

            migrationBuilder.DropIndex(
                name: "IX_Badges_EditionId_Status",
                table: "Badges");

            migrationBuilder.DropIndex(
                name: "IX_Badges_ShipmentId",
                table: "Badges");

            migrationBuilder.DropIndex(
                name: "IX_AuditRecords_Machine_Id",
                table: "AuditRecords");

            migrationBuilder.DropColumn(
                name: "RevokedReason",
                table: "Badges");

            migrationBuilder.DropColumn(
                name: "Serial",
                table: "Badges");

            migrationBuilder.DropColumn(
                name: "ShipmentId",
                table: "Badges");

            migrationBuilder.AlterColumn<string>(
                name: "TrackingNumber",
                table: "Badges",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(40)",
                oldMaxLength: 40,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "CourierCompany",
                table: "Badges",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "BadgeNumber",
                table: "Badges",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(40)",
                oldMaxLength: 40,
                oldNullable: true);
        }
    }
}
