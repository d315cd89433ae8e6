# Build the program on its own for Windows x86-64: dist\lusong-kiosk\lusong-kiosk.exe with
# content\, assets\, deploy\ and README.txt beside it, and dist\lusong-kiosk-<version>-windows-x86_64.zip.
# The same steps as `make dist` on Linux (packaging\build.py). NOT TESTED: this project is built
# and tested on Linux x86-64 only; see the README, "Install on a machine with no network".
#
# In PowerShell, in the repository, with Python 3.11-3.13 from python.org (the `py` launcher):
#   powershell -ExecutionPolicy Bypass -File deploy\build-windows.ps1
# With a wheelhouse\ folder (`make wheelhouse` on a machine with network, then copied) nothing is
# downloaded: pip installs with the index switched off.
param(
    [string]$PythonVersion = "3.11"
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

if (-not (Test-Path ".venv\Scripts\python.exe")) {
    & py "-$PythonVersion" -m venv .venv
    if ($LASTEXITCODE -ne 0) { throw "could not create .venv with Python $PythonVersion (is it installed? py --list)" }
}
$from = @()
if (Test-Path "wheelhouse\*.whl") { $from = @("--no-index", "--find-links", "wheelhouse") }
& .venv\Scripts\python -m pip install --quiet @from -e ".[test,dist]"
if ($LASTEXITCODE -ne 0) { throw "pip could not install the app and PyInstaller" }
& .venv\Scripts\python packaging\build.py
if ($LASTEXITCODE -ne 0) { throw "the build failed (above)" }

# the same first checks as CI's tools/check_dist.sh, offscreen
$app = "dist\lusong-kiosk\lusong-kiosk.exe"
$env:QT_QPA_PLATFORM = "offscreen"
& $app --version
& $app check
if ($LASTEXITCODE -ne 0) { throw "the built program's check failed" }
Remove-Item Env:QT_QPA_PLATFORM
Write-Host "built: $app (start it with: $app --mode kiosk; deploy\WINDOWS.md sets up the PC)"
