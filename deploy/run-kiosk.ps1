# Run the kiosk and restart it whenever it stops (Windows). Started at log-on by Task Scheduler
# or a shortcut in the Startup folder (see WINDOWS.md). Exit code 0 is the technician's exit
# (Ctrl+Alt+Shift+K and the PIN): the loop ends. Anything else: start again after 2 s, doubling
# up to 60 s while runs keep ending within a minute (no tight crash loop).
param(
    [string]$Kiosk = (Join-Path $PSScriptRoot "..\.venv\Scripts\lusong-kiosk.exe"),
    [int]$FirstPause = 2
)
$pause = $FirstPause
while ($true) {
    $started = Get-Date
    $proc = Start-Process -FilePath $Kiosk -ArgumentList "--mode", "kiosk" -NoNewWindow -PassThru -Wait
    if ($proc.ExitCode -eq 0) {
        Write-Host "run-kiosk: clean exit (technician); not restarting"
        exit 0
    }
    if (((Get-Date) - $started).TotalSeconds -ge 60) { $pause = $FirstPause }
    Write-Host "run-kiosk: exit code $($proc.ExitCode); restarting in $pause s"
    Start-Sleep -Seconds $pause
    $pause = [Math]::Min(60, [Math]::Max(1, $pause * 2))
}
